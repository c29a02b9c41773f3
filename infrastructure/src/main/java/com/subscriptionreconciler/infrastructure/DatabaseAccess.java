package com.subscriptionreconciler.infrastructure;

import java.util.List;
import java.util.Map;
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
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
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
 *   credentials secret (RDS JSON shape, as {@code DB_SECRET_ID} expects), a parameter group that refuses
 *   unencrypted connections ({@code require_secure_transport=ON}), storage autoscaling up to
 *   {@code databaseMaxAllocatedStorageGib}, and its error and slow-query logs in log groups with the stack's
 *   retention.</li>
 * </ul>
 *
 * <p><b>Removal and the first deploy.</b> The created instance has DeletionPolicy {@code Snapshot}: whenever
 * CloudFormation deletes it (stack deletion, or the rollback of a failed first deploy) it takes a final snapshot
 * first, so no data is lost. Deletion protection is off by default because a rollback cannot delete a protected
 * instance: a first deploy that failed after the instance existed would end in {@code ROLLBACK_FAILED}. Turn it
 * on with {@code -c databaseDeletionProtection=true} once the stack has been created (an update that fails only
 * rolls the setting back). The log groups are named after the instance and go with the stack; RDS would
 * otherwise create them without retention.
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

    public DatabaseAccess(Construct scope, String id, ReconcilerConfig reconcilerConfig, Network network) {
        super(scope, id);
        DatabaseConfig config = reconcilerConfig.database();
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
            IInstanceEngine engine = DatabaseInstanceEngine.mysql(MySqlInstanceEngineProps.builder()
                    .version(MysqlEngineVersion.of(config.engineVersion(), majorVersion(config.engineVersion())))
                    .build());
            ParameterGroup parameters = ParameterGroup.Builder.create(this, "Parameters")
                    .engine(engine)
                    .description("Subscription reconciler database: TLS required")
                    .parameters(Map.of("require_secure_transport", "ON"))
                    .build();
            String identifier = instanceIdentifier(reconcilerConfig.stackName());
            RetentionDays retention = FunctionBasics.retention(reconcilerConfig.function().logRetentionDays());
            List<LogGroup> logGroups = LOG_EXPORTS.stream().map(kind -> LogGroup.Builder.create(this, kind + "Log")
                    .logGroupName("/aws/rds/instance/" + identifier + "/" + kind)
                    .retention(retention)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build()).toList();
            this.instance = DatabaseInstance.Builder.create(this, "Instance")
                    .instanceIdentifier(identifier)
                    .engine(engine)
                    .parameterGroup(parameters)
                    .instanceType(new InstanceType(config.instanceType()))
                    .vpc(network.vpc())
                    .vpcSubnets(network.databaseSubnets())
                    .port(config.port())
                    .databaseName(config.databaseName())
                    .credentials(Credentials.fromGeneratedSecret("reconciler"))
                    .storageEncrypted(true)
                    .storageType(StorageType.GP3)
                    .allocatedStorage(config.allocatedStorageGib())
                    .maxAllocatedStorage(reconcilerConfig.deploy().maxAllocatedStorageGib())
                    .multiAz(config.multiAz())
                    .deletionProtection(config.deletionProtection())
                    .backupRetention(Duration.days(config.backupRetentionDays()))
                    .autoMinorVersionUpgrade(true)
                    .publiclyAccessible(false)
                    .cloudwatchLogsExports(LOG_EXPORTS)
                    .removalPolicy(RemovalPolicy.SNAPSHOT)
                    .build();
            // the groups exist before RDS starts exporting, so RDS does not create them without retention
            logGroups.forEach(group -> instance.getNode().addDependency(group));
            this.connections = instance.getConnections();
            this.host = instance.getDbInstanceEndpointAddress();
            this.port = instance.getDbInstanceEndpointPort();
            this.secretArn = instance.getSecret().getSecretArn();
            this.secretKmsKeyArn = Optional.empty();
        }
    }

    private static final List<String> LOG_EXPORTS = List.of("error", "slowquery");

    /** RDS identifiers: letters, digits and hyphens, starting with a letter, at most 63, no double hyphen. */
    static String instanceIdentifier(String stackName) {
        String base = stackName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        String id = (base.isEmpty() ? "reconciler" : base) + "-billing";
        return id.length() <= 63 ? id : id.substring(0, 55).replaceAll("-+$", "") + "-billing";
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
