package dev.airlock.channel.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.Exchange;
import dev.airlock.channel.host.MultiplexedChannel;

import static dev.airlock.channel.TestExchanges.post;
import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(60)
class NetworkIsolationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void childSeesOnlyLoopbackCannotReachOutAndLoopbackWorks() {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(NetworkIsolation.findUnshare().isPresent() || ci,
                "no unshare binary on the PATH, and CI is not \"true\"");
        var transport = new ProcessTransport(ChildCommand.java(EchoChild.class),
                ProcessOptions.DEFAULTS.withRequireIsolation(true));

        Map<String, String> report;
        try (var channel = new MultiplexedChannel(transport);
                Exchange exchange = channel.open(post("/probe", ""))) {
            exchange.head(WAIT);
            report = readBody(exchange).lines()
                    .map(line -> line.split("=", 2))
                    .collect(Collectors.toMap((String[] kv) -> kv[0], (String[] kv) -> kv[1]));
        }

        assertThat(transport.isIsolated()).isTrue();
        assertThat(List.of(report.get("interfaces").split(","))).containsExactly("lo");
        assertThat(report.get("external"))
                .startsWith("failed after")
                .doesNotContain("SocketTimeoutException");
        assertThat(report.get("loopback")).isEqualTo("ok");
    }
}
