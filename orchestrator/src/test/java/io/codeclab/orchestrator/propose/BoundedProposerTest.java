package io.codeclab.orchestrator.propose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.orchestrator.experiment.Champion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedProposerTest {

    private static final ExperimentContext CONTEXT = new ExperimentContext(new Champion(0, "", "v0/codec.py",
            BuiltInCodecs.baseline().sha256(), Instant.EPOCH), BuiltInCodecs.baseline(), List.of(), Set.of(), "");

    /** Holds every call until released, counting calls at once. */
    private static final class SlowProposer implements Proposer {
        final AtomicInteger atOnce = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Proposal propose(ExperimentContext context) {
            most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                atOnce.decrementAndGet();
            }
            return new Proposal(context.championProgram(), "slow", "the same", "", "", null);
        }

        @Override
        public String name() {
            return "slow";
        }
    }

    @Test
    void atMostTheBoundCallsAtOnce() throws Exception {
        var slow = new SlowProposer();
        var bounded = new BoundedProposer(slow, 2);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var calls = new ArrayList<Future<Proposal>>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> bounded.propose(CONTEXT)));
            }
            while (slow.atOnce.get() < 2) {
                Thread.onSpinWait();
            }
            Thread.sleep(100);
            assertThat(slow.atOnce).hasValue(2);
            assertThat(bounded.busy()).isEqualTo(2);
            slow.release.countDown();
            for (var call : calls) {
                assertThat(call.get(10, TimeUnit.SECONDS).source()).isEqualTo("slow");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(slow.most).hasValue(2);
        assertThat(bounded.busy()).isZero();
        assertThat(bounded.name()).isEqualTo("slow");
    }

    @Test
    void aStoppedWaitIsAProposalFailureNamedInterrupted() {
        var slow = new SlowProposer();
        var bounded = new BoundedProposer(slow, 1);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> bounded.propose(CONTEXT)).isInstanceOf(ProposalException.class)
                    .hasMessageContaining("stopped while waiting for one of 1 proposer calls")
                    .extracting(e -> ((ProposalException) e).kind()).isEqualTo("Interrupted");
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(slow.most).as("the proposer was never called").hasValue(0);
        assertThat(bounded.busy()).isZero();
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new BoundedProposer(new SlowProposer(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    }
}
