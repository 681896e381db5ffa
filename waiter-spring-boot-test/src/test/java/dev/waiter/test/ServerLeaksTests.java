package dev.waiter.test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.server.WaiterServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link ServerLeaks} finds: a handler left over from an earlier run of the server. */
class ServerLeaksTests {

	static class Stuck {

		final CountDownLatch never = new CountDownLatch(1);

		final CountDownLatch entered = new CountDownLatch(1);

		@EventListener
		void serve(WaiterProcessEvent event) throws InterruptedException {
			this.entered.countDown();
			while (this.never.getCount() > 0) {
				try {
					this.never.await();
				}
				catch (InterruptedException ex) {
					// ignores its close and interrupts: a handler that never ends
				}
			}
		}

	}

	@Test
	void aHandlerStuckInAnEarlierRunIsReportedAsLeftAndNothingOnceItEnds() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
			.withBean(Stuck.class)
			.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1", "spring.threads.virtual.enabled=true",
					"spring.lifecycle.timeout-per-shutdown-phase=500ms")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				Stuck stuck = context.getBean(Stuck.class);
				ServerLeaks leaks = ServerLeaks.snapshot();
				try (Socket client = new Socket()) {
					client.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 10_000);
					assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();
					CountDownLatch stopped = new CountDownLatch(1);
					server.stop(stopped::countDown);
					assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				}
				server.start();
				CountDownLatch stopped = new CountDownLatch(1);
				server.stop(stopped::countDown);
				assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				try {
					assertThatThrownBy(() -> leaks.assertNothingLeft(server, Duration.ofSeconds(2)))
						.as("a handler of the first run is still live")
						.isInstanceOf(AssertionError.class)
						.hasMessageContaining("waiter-");
				}
				finally {
					stuck.never.countDown();
				}
				leaks.assertNothingLeft(server, Duration.ofSeconds(10));
			});
	}

}
