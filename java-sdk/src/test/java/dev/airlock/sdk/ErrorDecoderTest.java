package dev.airlock.sdk;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorDecoderTest {
    @ParameterizedTest(name = "type {0}, code {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "invalid_request_error, model_not_found, 404",
            "invalid_request_error, invalid_api_key, 401",
            "invalid_request_error, request_too_large, 413",
            "server_error, bad_airlock_answer, 502",
            "server_error, airlock_unavailable, 503",
            "server_error, airlock_timeout, 504",
            "invalid_request_error, null, 400",
            "rate_limit_error, null, 429",
            "NotFoundError, 404, 404",
            "server_error, null, 500",
            "null, null, 500",
    })
    void mapsStreamErrorEventsToAStatusByCodeThenType(String type, String code, int status) {
        assertThat(ErrorDecoder.statusOf(type, code)).isEqualTo(status);
    }

    @Test
    void readsRetryAfterAsSeconds() {
        assertThat(ErrorDecoder.retryAfter(" 12 ")).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void readsRetryAfterAsHttpDate() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));

        assertThat(ErrorDecoder.retryAfter(inAMinute)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
    }

    @Test
    void ignoresUnreadableRetryAfter() {
        assertThat(ErrorDecoder.retryAfter("soon")).isNull();
    }
}
