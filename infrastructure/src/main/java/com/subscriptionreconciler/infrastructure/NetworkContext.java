package com.subscriptionreconciler.infrastructure;

import java.util.List;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Keys;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.NetworkConfig;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.VpcMode;

/**
 * Reads and checks the network part of the context: a created VPC (its zones and NAT gateways within what AWS
 * and an environment-agnostic stack allow) or an imported one (its subnets, zones and the stated NAT egress).
 */
final class NetworkContext {

    private NetworkContext() {
    }

    static NetworkConfig read(ContextReader c, boolean environmentGiven) {
        VpcMode mode = c.enumeration(VpcMode.class, Keys.VPC_MODE, VpcMode.CREATE);
        if (mode == VpcMode.CREATE) {
            int maxAzs = c.integer(Keys.VPC_MAX_AZS, 2, 2, 6);
            // CDK silently uses 2 zones in an environment-agnostic stack: refuse instead of ignoring the key
            c.check(maxAzs <= 2 || environmentGiven, Keys.VPC_MAX_AZS, "'" + Keys.VPC_MAX_AZS + "'=" + maxAzs
                    + " needs -c " + Keys.ACCOUNT + "=... and -c " + Keys.REGION + "=...: a stack without an"
                    + " environment only knows two availability zones (and CDK would quietly use two).");
            int natGateways = c.integer(Keys.VPC_NAT_GATEWAYS, 1, 1, 6);
            c.check(natGateways <= maxAzs, Keys.VPC_NAT_GATEWAYS, "'" + Keys.VPC_NAT_GATEWAYS + "' ("
                    + natGateways + ") cannot exceed '" + Keys.VPC_MAX_AZS + "' (" + maxAzs + "): one NAT gateway"
                    + " per zone at most.");
            return new NetworkConfig(mode, c.string(Keys.VPC_CIDR, "10.40.0.0/16"), maxAzs, natGateways,
                    null, List.of(), List.of(), true, c.bool(Keys.CREATE_SECRETS_MANAGER_ENDPOINT, true));
        }
        String vpcId = c.requiredString(Keys.VPC_ID, "the id of the database's VPC (vpc-...)");
        List<String> azs = c.list(Keys.VPC_AVAILABILITY_ZONES);
        List<String> subnets = c.list(Keys.VPC_PRIVATE_SUBNET_IDS);
        c.check(!azs.isEmpty(), Keys.VPC_AVAILABILITY_ZONES, "Missing context value '"
                + Keys.VPC_AVAILABILITY_ZONES + "': importing a VPC needs the availability zones of the private"
                + " subnets the function runs in, in the order of '" + Keys.VPC_PRIVATE_SUBNET_IDS + "'"
                + " (comma-separated or a JSON array)");
        c.check(!subnets.isEmpty(), Keys.VPC_PRIVATE_SUBNET_IDS, "Missing context value '"
                + Keys.VPC_PRIVATE_SUBNET_IDS + "': importing a VPC needs the private subnets the function runs"
                + " in, in the order of '" + Keys.VPC_AVAILABILITY_ZONES + "' (comma-separated or a JSON array)");
        c.check(azs.isEmpty() || subnets.size() % azs.size() == 0, Keys.VPC_PRIVATE_SUBNET_IDS, "'"
                + Keys.VPC_PRIVATE_SUBNET_IDS + "' must list the same number of subnets for every zone in '"
                + Keys.VPC_AVAILABILITY_ZONES + "' (got " + subnets.size() + " subnets for " + azs.size()
                + " zones).");
        boolean natEgress = c.bool(Keys.VPC_HAS_NAT_EGRESS, false);
        if (!natEgress) {
            c.problem(Keys.VPC_HAS_NAT_EGRESS, "The function runs in the imported private subnets"
                    + (subnets.isEmpty() ? "" : " " + subnets) + " and must reach api.stripe.com, which needs a NAT gateway (or another egress route) from"
                    + " them. This cannot be checked without AWS credentials, so state it explicitly with -c "
                    + Keys.VPC_HAS_NAT_EGRESS + "=true once you have verified the subnets' route tables send"
                    + " 0.0.0.0/0 to a NAT gateway. Without it the function would only fail at its first weekly"
                    + " run. (Secrets Manager is reachable through that NAT too, or add -c "
                    + Keys.CREATE_SECRETS_MANAGER_ENDPOINT + "=true for an interface endpoint.)");
        }
        return new NetworkConfig(mode, null, azs.size(), 0, vpcId, azs, subnets, true,
                c.bool(Keys.CREATE_SECRETS_MANAGER_ENDPOINT, false));
    }
}
