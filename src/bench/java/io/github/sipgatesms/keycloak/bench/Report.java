package io.github.sipgatesms.keycloak.bench;

import java.util.List;

/**
 * What a run measured; written to results.json as is. {@code rounds}: rounds per flow and concurrency; {@code sipgate}:
 * where the fake sipgate ran; {@code targetRule}: how the targets are judged, as printed before the run.
 */
public record Report(String mode, String machine, String keycloak, String started, int rounds, String sipgate, String targetRule,
                     List<Row> rows, long smsSent,
                     int sipgateConnections, Hung hung, List<String> errorSamples) {

    public Row row(Flow flow, int concurrency) {
        return rows.stream().filter(r -> r.flow() == flow && r.concurrency() == concurrency).findFirst().orElseThrow();
    }

    public int errors() {
        return rows.stream().mapToInt(Row::errors).sum();
    }

    /** The concurrency levels measured, in order. */
    int[] levels() {
        return rows.stream().mapToInt(Row::concurrency).distinct().toArray();
    }
}
