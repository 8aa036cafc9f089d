# The airlock image: the persistent inference server (serve --http on loopback) and the relay
# that `docker exec` starts. Build the jars first (./airlock build), then:
#   docker build -t airlock:latest .
# Run it only through `./airlock container create` (no network, read-only, non-root, limits).
FROM eclipse-temurin:21-jdk

# Our jar and every runtime dependency (exec-channel with the relay, Helidon, bytedeco, DJL).
COPY airlock-inference/target/airlock-inference.jar /opt/airlock/lib/
COPY airlock-inference/target/lib/ /opt/airlock/lib/

# libtorch and openblas natives extracted at build time into a baked cache, since the root
# filesystem is read-only at run time; the JVM is pointed at it below.
ENV JAVACPP_CACHE=/opt/airlock/javacpp
RUN java -Dorg.bytedeco.javacpp.cachedir=$JAVACPP_CACHE -cp '/opt/airlock/lib/*' \
        org.bytedeco.javacpp.Loader org.bytedeco.pytorch.global.torch org.bytedeco.openblas.global.openblas \
    && chmod -R a+rX /opt/airlock

# DJL's tokenizer must not phone home; nothing leaves the airlock anyway (--network none).
ENV OPT_OUT_TRACKING=true DJL_OFFLINE=true HOME=/tmp DJL_CACHE_DIR=/tmp/djl \
    JAVA_TOOL_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/opt/airlock/javacpp -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED"

RUN groupadd --gid 1000 airlock && useradd --uid 1000 --gid 1000 --no-create-home airlock
USER 1000:1000

# Models and adapters are mounted read-only; the config names them (its "models" part).
ENTRYPOINT ["java", "-cp", "/opt/airlock/lib/*", "dev.airlock.inference.cli.InferenceMain", \
    "serve", "--config", "/etc/airlock/model_config.json", "--http", "127.0.0.1:8081"]
