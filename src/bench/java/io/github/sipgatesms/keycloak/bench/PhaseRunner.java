package io.github.sipgatesms.keycloak.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.github.sipgatesms.keycloak.it.support.FormLogin;

/** Runs phases: a number of workers logging the users of one flow in, one after another, for a number of seconds. */
final class PhaseRunner {

    private final BenchmarkServer server;
    private final LoginDriver driver;
    private final Map<Flow, UserPool> pools = new EnumMap<>(Flow.class);
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

    PhaseRunner(BenchmarkServer server, LoginDriver driver) {
        this.server = server;
        this.driver = driver;
        for (Flow flow : Flow.values()) {
            pools.put(flow, new UserPool(flow == Flow.B, flow == Flow.CF));
        }
    }

    UserPool pool(Flow flow) {
        return pools.get(flow);
    }

    void error(String sample) {
        errorSamples.add(sample);
    }

    void clearErrors() {
        errorSamples.clear();
    }

    List<String> firstErrors(int max) {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples.subList(0, Math.min(max, errorSamples.size())));
        }
    }

    /** Logs each of {@code users} in once through flow A (the password only), {@code concurrency} at a time. */
    void prime(List<BenchUser> users, int concurrency) throws InterruptedException {
        ConcurrentLinkedQueue<BenchUser> left = new ConcurrentLinkedQueue<>(users);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread worker = new Thread(() -> {
                FormLogin browser = LoginDriver.browser();
                for (BenchUser user = left.poll(); user != null; user = left.poll()) {
                    driver.login(browser, Flow.A, user);
                }
            }, "bench-prime-" + w);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** Runs {@code concurrency} users logging in through {@code flow} for {@code seconds}. */
    Phase run(Flow flow, int concurrency, int seconds) throws InterruptedException {
        server.resetPeakRss();
        double cpuBefore = server.cpuSeconds();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Phase phase = new Phase(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread worker = new Thread(() -> work(flow, deadline, phase), "bench-" + flow + "-" + w);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        phase.server(server.cpuSeconds() - cpuBefore, server.peakRssMb());
        return phase;
    }

    private void work(Flow flow, long deadline, Phase phase) {
        FormLogin browser = LoginDriver.browser();
        UserPool pool = pools.get(flow);
        while (System.nanoTime() < deadline) {
            long waitStart = System.nanoTime();
            UserPool.Slot slot;
            try {
                slot = pool.take(deadline);
            } catch (InterruptedException e) {
                return;
            }
            phase.waitedForUser(System.nanoTime() - waitStart);
            if (slot == null) {
                return;
            }
            try {
                Sample sample = driver.login(browser, flow, slot.user());
                if (System.nanoTime() <= deadline) {
                    phase.add(sample);
                }
            } catch (RuntimeException | AssertionError e) {
                if (System.nanoTime() <= deadline) {
                    phase.error();
                    errorSamples.add(flow + " " + slot.user().name() + ": " + e.getMessage());
                }
            } finally {
                pool.release(slot);
            }
        }
    }
}
