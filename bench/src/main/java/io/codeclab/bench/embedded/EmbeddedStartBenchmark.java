package io.codeclab.bench.embedded;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.embedded.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up cost of the embedded defaults as a fresh process sees it: run once per JVM, several JVMs in a
 * row (a warm JVM says nothing about a daemon's start). Prints one line of milliseconds:
 * {@code owner=<startOrJoin> (cpu <its process CPU time>) firstDynamoDbCall=<ListTables> firstS3Call=<ListBuckets> join=<second startOrJoin>}.
 *
 * <p>Usage, after {@code scripts/codec-lab bench --help} has built the bench module:
 * {@code java -cp 'bench/target/classes:bench/target/lib/*' io.codeclab.bench.embedded.EmbeddedStartBenchmark [DATA_DIR]}.
 */
public final class EmbeddedStartBenchmark {

    private EmbeddedStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("codec-lab-start-");
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        try (var services = EmbeddedServices.startOrJoin(dir)) {
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            try (var ddb = AwsClients.at(services.dynamoDbEndpoint(), services.region(), services.credentials()).dynamoDb();
                 var s3 = AwsClients.at(services.s3Endpoint(), services.region(), services.credentials()).s3()) {
                ddb.listTables();
                long t2 = System.nanoTime();
                s3.listBuckets();
                long t3 = System.nanoTime();
                var joined = EmbeddedServices.startOrJoin(dir);
                long t4 = System.nanoTime();
                System.out.printf("owner=%d (cpu %d) firstDynamoDbCall=%d firstS3Call=%d join=%d (owner=%s, joiner owner=%s)%n",
                        ms(t1 - t0), ms(cpu1 - cpu0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), services.isOwner(),
                        joined.isOwner());
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
