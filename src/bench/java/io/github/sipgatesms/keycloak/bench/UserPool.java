package io.github.sipgatesms.keycloak.bench;

import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * The users of one flow. Each user is logged in by one worker at a time (its SMS is then unambiguous); a TOTP user
 * comes back only in the next 30-s window, so no code is used twice.
 */
final class UserPool {

    /** A user waiting to be used: at once, or (TOTP users) from the next 30-s window. */
    static final class Slot implements Delayed {
        private final BenchUser user;
        private volatile long availableAtNanos;

        Slot(BenchUser user) {
            this.user = user;
        }

        BenchUser user() {
            return user;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(availableAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(availableAtNanos, ((Slot) other).availableAtNanos);
        }
    }

    private final DelayQueue<Slot> queue = new DelayQueue<>();
    private final boolean totp;
    private final boolean once;

    /** {@code totp}: a user comes back in the next 30-s window; {@code once}: never (a first SMS login happens once). */
    UserPool(boolean totp, boolean once) {
        this.totp = totp;
        this.once = once;
    }

    /** Every user of the pool (for the login each has before the measurement). */
    List<BenchUser> users() {
        return queue.stream().map(Slot::user).toList();
    }

    void add(BenchUser user) {
        Slot slot = new Slot(user);
        slot.availableAtNanos = System.nanoTime();
        queue.add(slot);
    }

    /** The next free user, or null if none is free before the deadline. */
    Slot take(long deadlineNanos) throws InterruptedException {
        return queue.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    void release(Slot slot) {
        if (once) {
            return;
        }
        long now = System.currentTimeMillis();
        long waitMillis = totp ? (now / 30_000 + 1) * 30_000 - now + 50 : 0;
        slot.availableAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        queue.add(slot);
    }
}
