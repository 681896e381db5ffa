package dev.waiter.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class DirectListenersTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
		.withBean(EventRecorder.class)
		.withBean(Handlers.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	@Test
	void processListenersAreCalledDirectlyInOrderAndTheirConditionsHold() {
		this.contextRunner.run((context) -> {
			assertThat(processAdapters(context)).hasSize(3)
				.allSatisfy((listener) -> assertThat(listener).isInstanceOf(WaiterProcessListenerFactory.DirectAdapter.class));
			assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "hi")).isEqualTo("first second:hi\n");
			assertThat(context.getBean(Handlers.class).calls).containsExactly("first", "second");
		});
	}

	@Test
	void aHandlersCheckedExceptionEndsItsConnectionExactlyAsWithSpringsAdapter() {
		for (String direct : new String[] { "true", "false" }) {
			this.contextRunner.withPropertyValues("waiter.direct-listeners=" + direct).run((context) -> {
				context.getBean(Handlers.class).fail = true;
				assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "x")).isEqualTo("first ");
				WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
				assertThat(exited.getOutcome()).as(direct).isEqualTo(WaiterOutcome.ERROR);
				assertThat(exited.getError()).as(direct).isInstanceOf(IOException.class).hasMessage("handler says no");
			});
		}
	}

	@Test
	void theSwitchGivesBackSpringsReflectiveAdapter() {
		this.contextRunner.withPropertyValues("waiter.direct-listeners=false").run((context) -> {
			assertThat(processAdapters(context)).hasSize(3)
				.noneSatisfy((listener) -> assertThat(listener).isInstanceOf(WaiterProcessListenerFactory.DirectAdapter.class));
			assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "hi")).isEqualTo("first second:hi\n");
		});
	}

	private static List<ApplicationListener<?>> processAdapters(AssertableApplicationContext context) {
		return ((AbstractApplicationContext) context.getSourceApplicationContext()).getApplicationListeners()
			.stream()
			.filter((listener) -> listener instanceof ApplicationListenerMethodAdapter adapter
					&& adapter.getTargetMethod().getDeclaringClass() == Handlers.class)
			.toList();
	}

	static class Handlers {

		final List<String> calls = new CopyOnWriteArrayList<>();

		volatile boolean fail;

		@EventListener
		@Order(1)
		void first(WaiterProcessEvent event) throws IOException {
			this.calls.add("first");
			event.getConnection().out().write("first ".getBytes());
			if (this.fail) {
				event.getConnection().out().flush();
				throw new IOException("handler says no");
			}
		}

		@EventListener
		@Order(2)
		public void second(WaiterProcessEvent event) throws IOException {
			this.calls.add("second");
			event.getConnection().writer().println("second:" + event.getConnection().readLine(100));
		}

		@EventListener(condition = "false")
		private void never(WaiterProcessEvent event) {
			this.calls.add("never");
		}

	}

}
