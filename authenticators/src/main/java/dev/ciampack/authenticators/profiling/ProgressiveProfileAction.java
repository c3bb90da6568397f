package dev.ciampack.authenticators.profiling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import dev.ciampack.common.SignIns;
import dev.ciampack.consent.spi.ConsentProvider;

/**
 * Asks a returning person for at most a few missing User Profile attributes per sign-in, as the realm's
 * policy says, validates the answers with the User Profile (its validators, e.g. {@code ciam-not-junk}),
 * saves them with provenance and raises {@code UPDATE_PROFILE}. Only the asked attributes are read from
 * the form: anything else posted (read-only, undeclared, other attributes) is ignored.
 */
final class ProgressiveProfileAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(ProgressiveProfileAction.class);
    static final String FORM = "ciam-progressive-profile.ftl";
    static final String PICKED = "ciam-profile.picked";
    private static final String COUNTED = "ciam-profile.counted";
    /** Keycloak evaluates triggers again after each required action: ask once per sign-in. */
    private static final String ASKED = "ciam-profile.asked";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        if (user == null || auth == null || auth.getAuthNote(ASKED) != null || !SignIns.interactive(auth)) {
            return;
        }
        ProfilingPolicy policy = policy(context);
        if (policy == null || policy.questions().isEmpty()) {
            return;
        }
        int signIn = ProfileState.signIns(user);
        if (auth.getAuthNote(COUNTED) == null) {
            signIn++;
            user.setSingleAttribute(ProfileState.SIGN_INS, String.valueOf(signIn));
            auth.setAuthNote(COUNTED, "true");
        }
        List<ProfilingPolicy.Question> picked = Picker.pick(policy, situation(context, policy, signIn));
        if (!picked.isEmpty()) {
            // Only when a question is due: skip attributes the User Profile no longer declares.
            UPConfig profile = context.getSession().getProvider(UserProfileProvider.class).getConfiguration();
            picked = picked.stream().filter(q -> profile.getAttribute(q.attribute()) != null).toList();
        }
        if (!picked.isEmpty()) {
            auth.setAuthNote(ASKED, "true");
            auth.setAuthNote(PICKED, picked.stream().map(ProfilingPolicy.Question::attribute)
                    .collect(Collectors.joining(",")));
            auth.addRequiredAction(ProgressiveProfileFactory.PROVIDER_ID);
        }
    }

    private static Picker.Situation situation(RequiredActionContext context, ProfilingPolicy policy, int signIn) {
        UserModel user = context.getUser();
        Set<String> filled = policy.questions().stream().map(ProfilingPolicy.Question::attribute)
                .filter(a -> user.getFirstAttribute(a) != null && !user.getFirstAttribute(a).isBlank())
                .collect(Collectors.toSet());
        ConsentProvider consent = context.getSession().getProvider(ConsentProvider.class);
        Set<String> granted = policy.questions().stream().map(ProfilingPolicy.Question::purpose)
                .filter(p -> p != null && consent != null && consent.mayUse(context.getRealm(), user, p))
                .collect(Collectors.toSet());
        String scope = context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        Set<String> scopes = scope == null ? Set.of() : Set.of(scope.trim().split("\\s+"));
        return new Picker.Situation(signIn, filled, ProfileState.snoozes(user), granted,
                context.getAuthenticationSession().getClient().getClientId(), scopes, Time.currentTime());
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        List<ProfilingPolicy.Question> questions = picked(context);
        if (questions.isEmpty()) {
            context.success();
            return;
        }
        context.challenge(form(context, questions, Map.of(), List.of()));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        List<ProfilingPolicy.Question> questions = picked(context);
        if (questions.isEmpty()) {
            context.success();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        UserModel user = context.getUser();
        if ("skip".equals(form.getFirst("ciam_action"))) {
            if (questions.stream().anyMatch(q -> !q.skippable())) {
                context.challenge(form(context, questions, Map.of(),
                        List.of(new FormMessage(null, "ciam-profile.error.not-skippable"))));
                return;
            }
            Map<String, Picker.Snooze> snoozes = new LinkedHashMap<>();
            long now = Time.currentTime();
            for (ProfilingPolicy.Question q : questions) {
                snoozes.put(q.attribute(), Picker.snoozeFor(q, now, ProfileState.signIns(user)));
            }
            ProfileState.snooze(user, snoozes);
            done(context);
            return;
        }
        Map<String, String> answers = new LinkedHashMap<>();
        List<FormMessage> errors = new ArrayList<>();
        for (ProfilingPolicy.Question q : questions) {
            String value = form.getFirst(q.attribute());
            value = value == null ? "" : value.strip();
            answers.put(q.attribute(), value);
            if (value.isEmpty()) {
                errors.add(new FormMessage(q.attribute(), q.skippable() ? "ciam-profile.error.empty"
                        : "ciam-profile.error.empty-required"));
            }
        }
        if (!errors.isEmpty()) {
            context.challenge(form(context, questions, answers, errors));
            return;
        }
        Map<String, List<String>> merged = new HashMap<>(user.getAttributes());
        answers.forEach((name, value) -> merged.put(name, List.of(value)));
        UserProfile profile = context.getSession().getProvider(UserProfileProvider.class)
                .create(UserProfileContext.UPDATE_PROFILE, merged, user);
        try {
            profile.update(false);
        } catch (ValidationException e) {
            for (ValidationException.Error error : e.getErrors()) {
                errors.add(new FormMessage(error.getAttribute(), error.getMessage(), error.getMessageParameters()));
            }
            context.challenge(form(context, questions, answers, errors));
            return;
        }
        ProfileState.recordAnswers(user, answers.keySet(), context.getAuthenticationSession().getClient().getClientId(),
                Instant.ofEpochSecond(Time.currentTime()));
        context.getEvent().clone().event(EventType.UPDATE_PROFILE)
                .detail("ciam_profile_attributes", String.join(",", answers.keySet()))
                .detail("ciam_profile_step", ProgressiveProfileFactory.PROVIDER_ID)
                .success();
        done(context);
    }

    private static void done(RequiredActionContext context) {
        context.getAuthenticationSession().removeAuthNote(PICKED);
        context.success();
    }

    private static ProfilingPolicy policy(RequiredActionContext context) {
        try {
            return ProgressiveProfileFactory.policy(context.getConfig());
        } catch (InvalidPolicyException e) {
            // Refused at save time; this only happens with a policy that arrived by realm import.
            LOG.errorf("Realm %s: %s", context.getRealm().getName(), e.getMessage());
            return null;
        }
    }

    private static List<ProfilingPolicy.Question> picked(RequiredActionContext context) {
        String note = context.getAuthenticationSession().getAuthNote(PICKED);
        ProfilingPolicy policy = policy(context);
        if (note == null || note.isBlank() || policy == null) {
            return List.of();
        }
        List<String> names = Arrays.asList(note.split(","));
        return policy.questions().stream().filter(q -> names.contains(q.attribute())).toList();
    }

    /** The form: each question with its User Profile label, input and options, and its benefit. */
    private static Response form(RequiredActionContext context, List<ProfilingPolicy.Question> questions,
                                 Map<String, String> values, List<FormMessage> errors) {
        UPConfig profile = context.getSession().getProvider(UserProfileProvider.class).getConfiguration();
        List<Map<String, Object>> fields = new ArrayList<>();
        for (ProfilingPolicy.Question q : questions) {
            UPAttribute attribute = profile.getAttribute(q.attribute());
            if (attribute == null) {
                continue;
            }
            Map<String, Object> field = new HashMap<>();
            field.put("name", q.attribute());
            field.put("label", attribute.getDisplayName() == null ? q.attribute() : attribute.getDisplayName());
            field.put("benefit", q.benefit() == null ? "" : q.benefit());
            field.put("value", values.getOrDefault(q.attribute(), ""));
            field.put("options", options(attribute));
            Object inputType = attribute.getAnnotations() == null ? null : attribute.getAnnotations().get("inputType");
            field.put("inputType", inputType == null ? "text" : inputType.toString());
            fields.add(field);
        }
        boolean skippable = questions.stream().allMatch(ProfilingPolicy.Question::skippable);
        var form = context.form().setAttribute("ciamFields", fields).setAttribute("ciamSkippable", skippable);
        if (!errors.isEmpty()) {
            form.setErrors(errors);
        }
        return form.createForm(FORM);
    }

    /** Options from the attribute's {@code options} validator, with labels from {@code inputOptionLabels}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> options(UPAttribute attribute) {
        Map<String, Object> validator = attribute.getValidations() == null ? null : attribute.getValidations().get("options");
        if (validator == null || !(validator.get("options") instanceof List<?> list)) {
            return List.of();
        }
        Map<String, Object> labels = attribute.getAnnotations() != null
                && attribute.getAnnotations().get("inputOptionLabels") instanceof Map<?, ?> map
                ? (Map<String, Object>) map : Map.of();
        List<Map<String, String>> options = new ArrayList<>();
        for (Object option : list) {
            String value = String.valueOf(option);
            Object label = labels.get(value);
            options.add(Map.of("value", value, "label", label == null ? value : label.toString()));
        }
        return options;
    }

    @Override
    public void close() {
    }
}
