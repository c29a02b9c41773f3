package com.subscriptionreconciler.infrastructure;

import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.DatabaseConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.DatabaseMode;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.MySqlInstanceEngineProps;
import software.amazon.awscdk.services.rds.MysqlEngineVersion;
import software.amazon.awscdk.services.rds.StorageType;
import software.constructs.Construct;

/**
 * The MySQL database the reconciler writes to, as far as the function needs it: host, port, name, the
 * credentials secret's ARN and the security group to open.
 *
 * <ul>
 *   <li><b>import</b> (the common case): an existing RDS instance or Aurora cluster, given by endpoint, port,
 *   security group id and credentials secret ARN. Instances and clusters look the same from here.</li>
 *   <li><b>create</b>: a new RDS MySQL 8 instance in isolated subnets, storage-encrypted, with a generated
 *   credentials secret (RDS JSON shape, as {@code DB_SECRET_ID} expects).</li>
 * </ul>
 */
public final class DatabaseAccess extends Construct {

    private final String host;
    private final String port;
    private final String databaseName;
    private final String secretArn;
    private final Optional<String> secretKmsKeyArn;
    private final Connections connections;
    private final int portNumber;
    private final DatabaseInstance instance;

    public DatabaseAccess(Construct scope, String id, DatabaseConfig config, Network network) {
        super(scope, id);
        this.databaseName = config.databaseName();
        this.portNumber = config.port();
        if (config.mode() == DatabaseMode.IMPORT) {
            ISecurityGroup sg = SecurityGroup.fromSecurityGroupId(this, "SecurityGroup", config.securityGroupId(),
                    SecurityGroupImportOptions.builder().allowAllOutbound(false).mutable(true).build());
            this.connections = Connections.Builder.create()
                    .securityGroups(java.util.List.of(sg))
                    .defaultPort(Port.tcp(config.port()))
                    .build();
            this.host = config.endpoint();
            this.port = Integer.toString(config.port());
            this.secretArn = config.secretArn();
            this.secretKmsKeyArn = config.secretKmsKeyArn();
            this.instance = null;
        } else {
            this.instance = DatabaseInstance.Builder.create(this, "Instance")
                    .engine(DatabaseInstanceEngine.mysql(MySqlInstanceEngineProps.builder()
                            .version(MysqlEngineVersion.of(config.engineVersion(), majorVersion(config.engineVersion())))
                            .build()))
                    .instanceType(new InstanceType(config.instanceType()))
                    .vpc(network.vpc())
                    .vpcSubnets(network.databaseSubnets())
                    .port(config.port())
                    .databaseName(config.databaseName())
                    .credentials(Credentials.fromGeneratedSecret("reconciler"))
                    .storageEncrypted(true)
                    .storageType(StorageType.GP3)
                    .allocatedStorage(config.allocatedStorageGib())
                    .multiAz(config.multiAz())
                    .deletionProtection(config.deletionProtection())
                    .backupRetention(Duration.days(config.backupRetentionDays()))
                    .autoMinorVersionUpgrade(true)
                    .publiclyAccessible(false)
                    .cloudwatchLogsExports(java.util.List.of("error", "slowquery"))
                    .removalPolicy(RemovalPolicy.SNAPSHOT)
                    .build();
            this.connections = instance.getConnections();
            this.host = instance.getDbInstanceEndpointAddress();
            this.port = instance.getDbInstanceEndpointPort();
            this.secretArn = instance.getSecret().getSecretArn();
            this.secretKmsKeyArn = Optional.empty();
        }
    }

    private static String majorVersion(String version) {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    /** Opens the database port to {@code client}: an ingress rule on the database's security group. */
    public void allowFrom(IConnectable client) {
        connections.allowDefaultPortFrom(client, "Subscription reconciler function");
    }

    public String host() {
        return host;
    }

    /** The port as a string (a token for a created instance). */
    public String port() {
        return port;
    }

    public int portNumber() {
        return portNumber;
    }

    public String databaseName() {
        return databaseName;
    }

    /** The complete ARN of the credentials secret (a token for a created instance). */
    public String secretArn() {
        return secretArn;
    }

    public Optional<String> secretKmsKeyArn() {
        return secretKmsKeyArn;
    }

    public Connections connections() {
        return connections;
    }

    /** The created instance, empty when the database is imported. */
    public Optional<DatabaseInstance> createdInstance() {
        return Optional.ofNullable(instance);
    }
}
