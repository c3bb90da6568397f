package dev.ciampack.events.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;

import dev.ciampack.events.outbox.OutboxCompatibility;

class EventsListenerFactoryTest {

    @Test
    @DisplayName("on a Keycloak without the expected outbox, ciam-events hands out a listener that takes nothing")
    void incompatibleOutboxTakesNoEvents() {
        EventsListenerFactory factory = new EventsListenerFactory();
        factory.useCompatibility(new OutboxCompatibility.Result("26.9.1", "26.7.0",
                List.of("OutboxStore#enqueuePending(String,String,String,String,String,String,String,String)")));

        EventListenerProvider listener = factory.create(null);
        Event login = new Event();
        login.setType(EventType.LOGIN);
        login.setUserId("someone");
        login.setRealmId("realm");
        listener.onEvent(login);

        assertThat(listener).isNotInstanceOf(EventsListener.class);
    }

    @Test
    @DisplayName("on the Keycloak it was built for, ciam-events hands out its outbox listener")
    void compatibleOutboxTakesEvents() {
        EventsListenerFactory factory = new EventsListenerFactory();
        factory.useCompatibility(new OutboxCompatibility.Result("26.7.0", "26.7.0", List.of()));

        assertThat(factory.create(null)).isInstanceOf(EventsListener.class);
    }
}
