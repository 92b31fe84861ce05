package io.github.sipgatesms.keycloak.bench;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/** The fake sipgate in the harness's own JVM: what the smoke mode (LoginBenchmarkIT) uses, as it always did. */
final class InJvmSipgate implements BenchSipgate {

    private final FakeSipgate fake;

    private InJvmSipgate(FakeSipgate fake) {
        this.fake = fake;
    }

    static InJvmSipgate start() {
        return new InJvmSipgate(FakeSipgate.start());
    }

    @Override
    public String baseUrl() {
        return fake.baseUrl();
    }

    @Override
    public String lastCode(String recipient) {
        return fake.lastTo(recipient).orElseThrow(() -> new IllegalStateException("no SMS")).code();
    }

    @Override
    public Object latest(String recipient) {
        return fake.latestTo(recipient);
    }

    @Override
    public String awaitOtherCode(String recipient, Object previous) {
        return fake.awaitOther(recipient, (FakeSipgate.Sms) previous).code();
    }

    @Override
    public void clear() {
        fake.clear();
    }

    @Override
    public long smsSent() {
        return fake.sent().size();
    }

    @Override
    public int connectionsSeen() {
        return fake.connectionsSeen();
    }

    @Override
    public int postRequests() {
        return (int) fake.requests().stream().filter(r -> r.method().equals("POST")).count();
    }

    @Override
    public void hang() {
        fake.hang();
    }

    @Override
    public void reset() {
        fake.reset();
    }

    @Override
    public void close() {
        fake.close();
    }
}
