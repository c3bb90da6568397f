package dev.ciampack.testsuite.junit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** Builds authentication flows through the admin API, as an administrator would in the console. */
public final class Flows {

    /** One execution of a flow: an authenticator, its requirement and optional config. */
    public record Step(String provider, String requirement, Map<String, String> config) {
        public static Step of(String provider, String requirement) {
            return new Step(provider, requirement, Map.of());
        }
    }

    private Flows() {
    }

    /** Creates a top-level basic flow {@code alias} with the steps, in order, and makes it the browser flow. */
    public static void browserFlow(RealmResource realm, String alias, List<Step> steps) {
        create(realm, alias, steps);
        RealmRepresentation rep = realm.toRepresentation();
        rep.setBrowserFlow(alias);
        realm.update(rep);
    }

    /** Creates a top-level basic flow {@code alias} with the steps, in order; its id (e.g. for a client's override). */
    public static String create(RealmResource realm, String alias, List<Step> steps) {
        AuthenticationManagementResource flows = realm.flows();
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setDescription("created by a test");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flows.createFlow(flow).close();
        for (Step step : steps) {
            flows.addExecution(alias, new HashMap<>(Map.of("provider", step.provider())));
        }
        List<AuthenticationExecutionInfoRepresentation> executions = flows.getExecutions(alias);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            AuthenticationExecutionInfoRepresentation execution = executions.get(i);
            execution.setRequirement(step.requirement());
            flows.updateExecutions(alias, execution);
            if (!step.config().isEmpty()) {
                AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
                config.setAlias(alias + "-" + step.provider() + "-" + i);
                config.setConfig(new HashMap<>(step.config()));
                flows.newExecutionConfig(execution.getId(), config).close();
            }
        }
        return flows.getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst().orElseThrow().getId();
    }
}
