/**
 * Cluster-wide send limits and the wrong-code bound, kept in Keycloak's single-use store.
 *
 * <h2>Hourly caps: tickets ({@link Tickets})</h2>
 * Each bucket (a user, a number at login, a number at registration, the realm) numbers its SMS 0, 1, 2, ... An SMS
 * takes the lowest number not taken yet, with {@code putIfAbsent(ticket n, lifespan = window)}; the store's
 * {@code putIfAbsent} is atomic and visible at once on every node. Tickets are never removed and never reused.
 * <p>
 * <b>Invariant.</b> The live tickets of a bucket are the run of consecutive numbers {@code [L, N)} where {@code N} is
 * the next untaken number. Proof: a number is taken only when every lower number is taken (a claim probes upward
 * from a hint that is never ahead of the numbers taken, and {@code putIfAbsent} lets exactly one claim win each
 * number), so ticket {@code i} was taken no later than ticket {@code i + 1}; all tickets live exactly one window
 * from the moment they were taken, so ticket {@code i} expires no later than ticket {@code i + 1}; and nothing
 * else ends a ticket. Hence if ticket {@code j} is gone, so is every ticket below {@code j}.
 * <p>
 * <b>The cap.</b> A claim that took ticket {@code n} is granted when ticket {@code n - cap} is gone, with the cap in
 * force now. Then every ticket {@code <= n - cap} is gone (invariant), so the live tickets are among
 * {@code n - cap + 1 .. n}: at most {@code cap} SMS in the window, counting this one, whatever the cap was when the
 * others were sent. A lowered cap therefore takes effect at once, and concurrent claims (which take different
 * numbers) cannot overshoot either. Cost: one {@code get} of the hint, one {@code putIfAbsent} (plus one per claim in
 * flight at the same moment), one {@code contains}, two {@code put}s at commit: O(1) store operations per SMS.
 * <p>
 * <b>Refusals take nothing.</b> {@link SendLimits} first checks every limit
 * without writing (the cooldown key, and whether ticket {@code N - cap} is alive) and claims only when all allow
 * the SMS; the checks that need no limit (credentials, vault reference, the node's send bound) come before that. So
 * a refused attempt, and one that provably never left the server, takes no ticket and nothing has to be given back.
 * <p>
 * <b>The approximation, towards refusing.</b> When two claims race for the last place of a cap, or one limit is
 * claimed while a concurrent request fills another, the losing claim keeps the tickets it took (removing one would
 * break the invariant): they count as SMS for one window although none was sent. It never lets an SMS exceed a cap.
 * The invariant also assumes that the store expires entries in the order they were written with equal lifespans,
 * which holds on one node and on nodes whose clocks agree (as Keycloak clusters require).
 *
 * <h2>Cooldown ({@link Cooldown})</h2>
 * One key per user, claimed with {@code putIfAbsent} for the cooldown's length.
 *
 * <h2>Wrong-code bound ({@link FailureBound})</h2>
 * At most 100 consecutive wrong codes per user; it falls back only on a right code, 24 hours after the last wrong
 * code (each wrong code renews the generation that holds the count), or on an administrator's reset, which also ends
 * the user's cooldown.
 */
package io.github.sipgatesms.keycloak.limits;
