package dev.ciampack.authenticators.profiling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which questions to ask at this sign-in: pure rules, unit-tested. */
public final class Picker {

    private Picker() {
    }

    /**
     * Until when a skipped question rests: an epoch second and a sign-in number (0 = no bound). With both
     * bounds the rest ends at whichever comes first.
     */
    public record Snooze(long untilEpochSecond, int untilSignIn) {
        boolean active(long nowEpochSecond, int signIn) {
            boolean byTime = untilEpochSecond > 0 && nowEpochSecond < untilEpochSecond;
            boolean byCount = untilSignIn > 0 && signIn < untilSignIn;
            if (untilEpochSecond > 0 && untilSignIn > 0) {
                return byTime && byCount;
            }
            return byTime || byCount;
        }
    }

    /** What the pick depends on. */
    public record Situation(int signIn, Set<String> filledAttributes, Map<String, Snooze> snoozes,
                            Set<String> grantedPurposes, String clientId, Set<String> scopes, long nowEpochSecond) {
    }

    /** At most {@code perSignIn} questions, in policy order, whose conditions all hold. */
    public static List<ProfilingPolicy.Question> pick(ProfilingPolicy policy, Situation situation) {
        List<ProfilingPolicy.Question> picked = new ArrayList<>();
        for (ProfilingPolicy.Question q : policy.questions()) {
            if (picked.size() >= policy.perSignIn()) {
                break;
            }
            if (situation.filledAttributes().contains(q.attribute()) || situation.signIn() < q.fromSignIn()
                    || (!q.clients().isEmpty() && !q.clients().contains(situation.clientId()))
                    || (q.purpose() != null && !situation.grantedPurposes().contains(q.purpose()))
                    || (q.scope() != null && !situation.scopes().contains(q.scope()))) {
                continue;
            }
            Snooze snooze = situation.snoozes().get(q.attribute());
            if (snooze != null && snooze.active(situation.nowEpochSecond(), situation.signIn())) {
                continue;
            }
            picked.add(q);
        }
        return picked;
    }

    /** The rest given to a question skipped at sign-in {@code signIn}. */
    public static Snooze snoozeFor(ProfilingPolicy.Question q, long nowEpochSecond, int signIn) {
        return new Snooze(q.snoozeDays() == 0 ? 0 : nowEpochSecond + q.snoozeDays() * 86_400L,
                q.snoozeSignIns() == 0 ? 0 : signIn + q.snoozeSignIns());
    }
}
