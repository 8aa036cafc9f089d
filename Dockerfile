# The airlock image: the persistent inference server (serve --http on loopback) and the relay
# that `docker exec` starts. Build the jars first (./airlock build), then:
#   docker build -t airlock:latest .
# Run it only through `./airlock container create` (no network, read-only, non-root, limits).
# compat-tests' DockerAirlockTest runs this same layout (mounted instead of copied, since no
# base image can be pulled there) with the real engine behind docker exec.
FROM eclipse-temurin:21-jdk

# Our jar and every runtime dependency (exec-channel with the relay, Helidon, bytedeco, DJL).
COPY airlock-inference/target/airlock-inference.jar /opt/airlock/app/
COPY airlock-inference/target/lib/ /opt/airlock/lib/
COPY docker/jvm.args docker/extract-natives.sh /opt/airlock/

# The root is read-only and /tmp noexec at run time, so the natives of libtorch, OpenBLAS and the
# tokenizer are taken out of their jars now, into a folder that jvm.args points the JVM at.
RUN sh /opt/airlock/extract-natives.sh /opt/airlock/lib /opt/airlock/natives \
    && chmod -R a+rX /opt/airlock

# A numeric non-root user: eclipse-temurin:21-jdk (Ubuntu 24.04) already has uid and gid 1000
# (ubuntu), so no user is created here; HOME and user.home point at the tmpfs.
USER 1000:1000
ENV HOME=/tmp OPT_OUT_TRACKING=true DJL_OFFLINE=true

# Models and adapters are mounted read-only; the config names them (its "models" part).
# The server takes frame sessions on 127.0.0.1:8082 and HTTP on 127.0.0.1:8081, loopback only.
# The relay that `docker exec` starts is the bridge's default transport.command, a byte pump
# between the exec's stdin/stdout and the frame port:
#   java -cp '/opt/airlock/lib/*' dev.airlock.channel.relay.RelayMain --frames 127.0.0.1:8082
# (exec-channel, which holds it, is among the runtime dependencies in /opt/airlock/lib).
ENTRYPOINT ["java", "@/opt/airlock/jvm.args", "-cp", "/opt/airlock/app/*:/opt/airlock/lib/*", \
    "dev.airlock.inference.cli.InferenceMain", \
    "serve", "--config", "/etc/airlock/model_config.json", "--http", "127.0.0.1:8081", \
    "--frames", "127.0.0.1:8082"]
