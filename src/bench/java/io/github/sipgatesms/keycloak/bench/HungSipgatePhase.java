package io.github.sipgatesms.keycloak.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateSmsSender;

/**
 * Flow A with and without a hung sipgate. The SMS clients wait on their code page first; while sipgate hangs they
 * press "resend" again and again (three seconds to read the answer in between), so each of their requests holds a
 * Keycloak worker thread until the sender gives up, but costs no password hash: what flow A loses is what the
 * hanging requests take from it, not the CPU of more logins. There are more SMS clients than the server's
 * {@code max-concurrent-sends}: the requests beyond it must be refused at once as busy, without reaching sipgate.
 */
final class HungSipgatePhase {

    private static final String TIMEOUT = SmsSendException.Reason.TIMEOUT.eventError();
    private static final String NETWORK = SmsSendException.Reason.NETWORK.eventError();

    private final Settings settings;
    private final BenchSipgate sipgate;
    private final PhaseRunner phases;
    private final SmsErrorEvents events;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger clean = new AtomicInteger();
    private final AtomicInteger refusedAtOnce = new AtomicInteger();
    private final AtomicLong maxMillis = new AtomicLong();
    private long clientsDeadline;

    HungSipgatePhase(Settings settings, BenchSipgate sipgate, PhaseRunner phases, SmsErrorEvents events) {
        this.settings = settings;
        this.sipgate = sipgate;
        this.phases = phases;
        this.events = events;
    }

    Hung run() throws InterruptedException {
        UserPool pool = phases.pool(Flow.C);
        List<UserPool.Slot> users = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < settings.hungSmsClients(); i++) {
            UserPool.Slot slot = pool.take(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            if (slot == null) {
                throw new IllegalStateException("not enough SMS users for " + settings.hungSmsClients() + " clients");
            }
            users.add(slot);
            FormLogin browser = LoginDriver.browser();
            FormLogin.Page codePage = LoginDriver.toCodePage(browser, slot.user());
            clients.add(new Thread(() -> pressResend(browser, codePage), "bench-hung-" + i));
        }
        events.store();
        Phase normal = phases.run(Flow.A, 4, settings.hungSeconds());

        sipgate.hang();
        int sipgateBefore = sipgateRequests();
        clientsDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.hungSeconds());
        clients.forEach(Thread::start);
        Thread.sleep(1000); // the resend requests are hanging now: as many as the bound lets through
        int firstWave = sipgateRequests() - sipgateBefore;
        Phase hung = phases.run(Flow.A, 4, settings.hungSeconds() - 2);
        for (Thread client : clients) {
            client.join();
        }
        int sipgateDuring = sipgateRequests() - sipgateBefore;
        sipgate.reset();
        users.forEach(pool::release);
        Map<String, Long> errors = events.sipgateErrors(attempts.get());
        events.stop();
        int busy = errors.getOrDefault(SmsErrorEvents.BUSY, 0L).intValue();
        int timedOut = errors.getOrDefault(TIMEOUT, 0L).intValue() + errors.getOrDefault(NETWORK, 0L).intValue();
        return new Hung(normal.perSecond(), hung.perSecond(), hung.perSecond() / normal.perSecond(), settings.hungSmsClients(),
            attempts.get(), clean.get(), refusedAtOnce.get(), maxMillis.get(), SipgateSmsSender.Timeouts.DEFAULT.deadlineMillis(),
            settings.maxConcurrentSends(), busy, timedOut, firstWave, sipgateDuring);
    }

    private int sipgateRequests() {
        return sipgate.postRequests();
    }

    /** One SMS client: "resend" on its code page until the deadline, reading each answer for three seconds. */
    private void pressResend(FormLogin browser, FormLogin.Page codePage) {
        long deadline = clientsDeadline;
        FormLogin.Page page = codePage;
        while (System.nanoTime() < deadline) {
            try {
                long start = System.nanoTime();
                FormLogin.Page next = browser.resend(page);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                attempts.incrementAndGet();
                maxMillis.accumulateAndGet(millis, Math::max);
                // the code page with "could not be sent" and the resend button, never an error page
                if (next.status() == 200 && next.isCodePage() && next.messages().contains("could not be sent")) {
                    clean.incrementAndGet();
                    if (millis < 1000) {
                        refusedAtOnce.incrementAndGet();
                    }
                    page = next;
                } else {
                    phases.error("hung sipgate: " + next.status() + " " + next.messages());
                }
                // a person reads the message before pressing resend again (not past the end of the phase)
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                Thread.sleep(Math.max(0, Math.min(3000, left)));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | AssertionError e) {
                attempts.incrementAndGet();
                phases.error("hung sipgate: " + e.getMessage());
            }
        }
    }
}
