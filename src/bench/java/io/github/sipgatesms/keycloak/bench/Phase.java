package io.github.sipgatesms.keycloak.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the workers of one phase measured; the server's CPU time and peak memory are added when it ends. */
final class Phase {
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong poolWaitNanos = new AtomicLong();
    private final int seconds;
    private double cpuSeconds;
    private double peakRssMb;

    Phase(int seconds) {
        this.seconds = seconds;
    }

    void add(Sample sample) {
        samples.add(sample);
    }

    void error() {
        errors.incrementAndGet();
    }

    void waitedForUser(long nanos) {
        poolWaitNanos.addAndGet(nanos);
    }

    void server(double cpuSeconds, double peakRssMb) {
        this.cpuSeconds = cpuSeconds;
        this.peakRssMb = peakRssMb;
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    int count() {
        return samples.size();
    }

    int errors() {
        return errors.get();
    }

    long poolWaitNanos() {
        return poolWaitNanos.get();
    }

    int seconds() {
        return seconds;
    }

    double cpuSeconds() {
        return cpuSeconds;
    }

    double peakRssMb() {
        return peakRssMb;
    }

    double perSecond() {
        return count() / (double) seconds;
    }
}
