package dev.ciampack.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

class RealmTextCacheTest {

    @Test
    @DisplayName("the text is parsed once per change and per realm; an evicted realm is parsed again")
    void parsesOncePerChange() {
        AtomicInteger parses = new AtomicInteger();
        RealmTextCache<Integer> cache = new RealmTextCache<>((realm, raw) -> {
            parses.incrementAndGet();
            return raw.length();
        });
        RealmModel a = realm("a");
        RealmModel b = realm("b");

        assertThat(cache.get(a, "one")).isEqualTo(3);
        assertThat(cache.get(a, "one")).isEqualTo(3);
        assertThat(parses).hasValue(1);
        assertThat(cache.get(a, "three")).isEqualTo(5);
        assertThat(cache.get(b, "three")).isEqualTo(5);
        assertThat(parses).hasValue(3);
        assertThat(cache.size()).isEqualTo(2);

        cache.evict("a");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(a, "three")).isEqualTo(5);
        assertThat(parses).hasValue(4);
    }

    /** A realm that answers only getId (all the cache reads). */
    private static RealmModel realm(String id) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getId")) {
                        return id;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
