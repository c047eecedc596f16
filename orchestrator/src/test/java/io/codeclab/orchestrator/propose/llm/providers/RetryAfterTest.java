package io.codeclab.orchestrator.propose.llm.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    @Test
    void secondsAndHttpDatesAreUnderstoodAndGarbageIsIgnored() {
        assertThat(HeaderKeepingHttpClient.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(HeaderKeepingHttpClient.parseRetryAfter(" 1.5 ")).contains(Duration.ofMillis(1500));
        String inTwentySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(20));
        assertThat(HeaderKeepingHttpClient.parseRetryAfter(inTwentySeconds).orElseThrow().toSeconds()).isBetween(17L, 20L);
        assertThat(HeaderKeepingHttpClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(HeaderKeepingHttpClient.parseRetryAfter("soon")).isEmpty();
    }

    @Test
    void statusCodesAreClassified() {
        assertThat(ProviderException.classify(429)).isEqualTo(ProviderException.Failure.RATE_LIMITED);
        assertThat(ProviderException.classify(503)).isEqualTo(ProviderException.Failure.SERVER_ERROR);
        assertThat(ProviderException.classify(408)).isEqualTo(ProviderException.Failure.TIMEOUT);
        assertThat(ProviderException.classify(401)).isEqualTo(ProviderException.Failure.REFUSED);
        assertThat(ProviderException.classify(404).retryable()).isFalse();
    }
}
