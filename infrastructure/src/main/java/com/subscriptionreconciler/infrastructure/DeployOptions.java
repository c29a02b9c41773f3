package com.subscriptionreconciler.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.DatabaseMode;

/**
 * The settings that decide whether a deployment works on its first day on a real account: concurrency, schema
 * creation, database TLS verification and storage growth. Read from context next to {@link ReconcilerConfig};
 * each key is documented in {@code infrastructure/README.md}.
 *
 * @param reservedConcurrency  reserved concurrency for the function, empty (the default) for none. New accounts
 *                             have a concurrency quota of 10 and Lambda keeps 10 unreserved, so reserving even 1
 *                             fails there; single-flight comes from the database lock and the state machine.
 * @param migrateOnStart       sets {@code MIGRATE_ON_START}: the function creates or upgrades the schema before
 *                             its first run. Default on for a created database (nothing else can reach it), off
 *                             for an imported one (its owner runs {@code migrate}).
 * @param caBundle             the RDS CA bundle (PEM) the function verifies the database's certificate with;
 *                             empty means encrypted but unverified ({@code DB_SSL_MODE=REQUIRED}).
 * @param maxAllocatedStorageGib storage autoscaling ceiling of a created database.
 */
public record DeployOptions(
        Optional<Integer> reservedConcurrency,
        boolean migrateOnStart,
        Optional<Path> caBundle,
        int maxAllocatedStorageGib) {

    public static final String RESERVED_CONCURRENCY = "reservedConcurrency";
    public static final String MIGRATE_ON_START = "migrateOnStart";
    public static final String DATABASE_CA_BUNDLE_PATH = "databaseCaBundlePath";
    public static final String DATABASE_MAX_ALLOCATED_STORAGE_GIB = "databaseMaxAllocatedStorageGib";

    static DeployOptions fromContext(ContextReader c, DatabaseMode databaseMode, int allocatedStorageGib,
                                     Path repoRoot) {
        int reserved = c.integer(RESERVED_CONCURRENCY, 0, 0, 1000);
        Optional<Path> caBundle = c.optionalString(DATABASE_CA_BUNDLE_PATH)
                .map(p -> repoRoot.resolve(p).normalize());
        caBundle.flatMap(DeployOptions::pemProblem).ifPresent(p -> c.problem(DATABASE_CA_BUNDLE_PATH, p));
        int maxStorage = c.integer(DATABASE_MAX_ALLOCATED_STORAGE_GIB, Math.max(100, allocatedStorageGib),
                20, 65536);
        c.check(databaseMode != DatabaseMode.CREATE || maxStorage >= allocatedStorageGib,
                DATABASE_MAX_ALLOCATED_STORAGE_GIB, "'" + DATABASE_MAX_ALLOCATED_STORAGE_GIB + "' (" + maxStorage
                        + ") must be at least the allocated storage (" + allocatedStorageGib + " GiB)");
        return new DeployOptions(
                reserved == 0 ? Optional.empty() : Optional.of(reserved),
                c.bool(MIGRATE_ON_START, databaseMode == DatabaseMode.CREATE),
                caBundle,
                maxStorage);
    }

    /** What is wrong with the CA bundle file, if anything. */
    private static Optional<String> pemProblem(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (java.io.IOException e) {
            return Optional.of("'" + DATABASE_CA_BUNDLE_PATH + "' must name a readable PEM file (the RDS CA"
                    + " bundle, e.g. global-bundle.pem), but " + path + " cannot be read: " + e.getMessage());
        }
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            return Optional.of("'" + DATABASE_CA_BUNDLE_PATH + "' must name a PEM file of certificates (the RDS"
                    + " CA bundle), but " + path + " holds no '-----BEGIN CERTIFICATE-----'");
        }
        return Optional.empty();
    }
}
