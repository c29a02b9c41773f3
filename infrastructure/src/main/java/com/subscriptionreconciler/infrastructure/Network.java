package com.subscriptionreconciler.infrastructure;

import java.util.List;
import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.NetworkConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.VpcMode;

import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.RemovalPolicy;
import software.constructs.Construct;

/**
 * The VPC the function runs in and its egress (docs/reference.md, Deploying).
 *
 * <ul>
 *   <li><b>create</b>: a new VPC with public subnets (NAT gateways), private subnets with NAT egress for the
 *   function, isolated subnets for a created database, flow logs, and a Secrets Manager interface endpoint so
 *   secret reads never leave the VPC.</li>
 *   <li><b>import</b>: the database's existing VPC by id, availability zones and private subnet ids
 *   ({@code Vpc.fromVpcAttributes}, no lookup, no credentials needed). Egress to Stripe cannot be created here,
 *   so the configuration must state that the subnets have NAT egress (checked in {@link ReconcilerConfig});
 *   the Secrets Manager endpoint is created on request.</li>
 * </ul>
 *
 * <p>The endpoint's security group is closed by default; {@link #allowEndpointAccessFrom} opens port 443 to the
 * function's security group only.
 */
public final class Network extends Construct {

    private final IVpc vpc;
    private final SubnetSelection functionSubnets;
    private final SubnetSelection databaseSubnets;
    private final InterfaceVpcEndpoint secretsManagerEndpoint;

    public Network(Construct scope, String id, NetworkConfig config) {
        super(scope, id);
        if (config.mode() == VpcMode.CREATE) {
            LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                    .retention(RetentionDays.THREE_MONTHS)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            this.vpc = Vpc.Builder.create(this, "Vpc")
                    .ipAddresses(IpAddresses.cidr(config.vpcCidr()))
                    .maxAzs(config.maxAzs())
                    .natGateways(config.natGateways())
                    .subnetConfiguration(List.of(
                            SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC)
                                    .cidrMask(24).build(),
                            SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                    .cidrMask(22).build(),
                            SubnetConfiguration.builder().name("database").subnetType(SubnetType.PRIVATE_ISOLATED)
                                    .cidrMask(24).build()))
                    .flowLogs(java.util.Map.of("all", FlowLogOptions.builder()
                            .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                            .trafficType(FlowLogTrafficType.ALL)
                            .build()))
                    .build();
            this.functionSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
            this.databaseSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        } else {
            this.vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                    .vpcId(config.vpcId())
                    .availabilityZones(config.availabilityZones())
                    .privateSubnetIds(config.privateSubnetIds())
                    .build());
            this.functionSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
            this.databaseSubnets = functionSubnets;
        }

        if (config.createSecretsManagerEndpoint()) {
            this.secretsManagerEndpoint = InterfaceVpcEndpoint.Builder.create(this, "SecretsManagerEndpoint")
                    .vpc(vpc)
                    .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                    .subnets(functionSubnets)
                    .privateDnsEnabled(true)
                    .open(false)
                    .build();
        } else {
            this.secretsManagerEndpoint = null;
        }
    }

    /** Lets {@code client} (the function) reach the Secrets Manager endpoint on 443, if there is one. */
    public void allowEndpointAccessFrom(IConnectable client) {
        if (secretsManagerEndpoint != null) {
            secretsManagerEndpoint.getConnections().allowDefaultPortFrom(client,
                    "Reconciler function to Secrets Manager");
        }
    }

    public IVpc vpc() {
        return vpc;
    }

    /** The private subnets with NAT egress the function runs in. */
    public SubnetSelection functionSubnets() {
        return functionSubnets;
    }

    /** Where a created database goes: isolated subnets of a created VPC. */
    public SubnetSelection databaseSubnets() {
        return databaseSubnets;
    }

    public Optional<InterfaceVpcEndpoint> secretsManagerEndpoint() {
        return Optional.ofNullable(secretsManagerEndpoint);
    }
}
