package com.subscriptionreconciler.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Arch;

import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * Ships the database's CA bundle (a PEM file, normally the RDS global bundle) with the function as a Lambda layer,
 * so it is at {@value #PATH_IN_FUNCTION} at run time. The file is copied into a directory of its own first: the
 * asset is then exactly that one file whatever else sits next to it, and its hash changes only with its content.
 */
final class CaBundleLayer {

    /** Layers are extracted under /opt. */
    static final String PATH_IN_FUNCTION = "/opt/db-ca/ca-bundle.pem";

    private CaBundleLayer() {
    }

    static LayerVersion create(Construct scope, String id, Path pem, Arch architecture) {
        Path staged;
        try {
            staged = Files.createTempDirectory("reconciler-ca-bundle");
            Path target = staged.resolve("db-ca/ca-bundle.pem");
            Files.createDirectories(target.getParent());
            Files.copy(pem, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the CA bundle " + pem, e);
        }
        return LayerVersion.Builder.create(scope, id)
                .code(Code.fromAsset(staged.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(architecture == Arch.ARM_64 ? Architecture.ARM_64
                        : Architecture.X86_64))
                .description("Database CA bundle for certificate verification (DB_SSL_CA=" + PATH_IN_FUNCTION + ")")
                .build();
    }
}
