package dev.waiter.autoconfigure;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.autoproxy.BeanNameAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.EventListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.util.ErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code waiter.direct-listeners} changes how a process listener is called, never what it
 * does: each case runs with the direct adapter and with Spring's own, and the two must
 * agree, with each other and with what Spring documents.
 */
class DirectListenersTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
		.withBean(EventRecorder.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	@Test
	void listenersRunInTheOrderOfTheirOrderAnnotationsNotOfTheirDeclarationOrRegistration() {
		Map<Boolean, String> replies = withAndWithoutDirectListeners(
				this.contextRunner.withBean(OutOfOrder.class).withBean(Between.class), (context, direct) -> {
					assertAdapters(context, direct, 3, OutOfOrder.class, Between.class);
					return Clients.exchange(port(context), "hi");
				});
		assertThat(replies.get(true)).isEqualTo("first between last:hi\n").isEqualTo(replies.get(false));
	}

	@Test
	void conditionsOnTheEventsConnectionAreEvaluatedAsBySpringTrueAndFalse() {
		Map<Boolean, String> replies = withAndWithoutDirectListeners(this.contextRunner.withBean(Conditional.class),
				(context, direct) -> {
					assertAdapters(context, direct, 5, Conditional.class);
					return Clients.exchange(port(context), "hi");
				});
		assertThat(replies.get(true)).isEqualTo("on-the-port local reply:hi\n").isEqualTo(replies.get(false));
	}

	@Test
	void listenersOfClassAndInterfaceProxiedBeansGoThroughTheirAdviceToTheTarget() {
		ApplicationContextRunner proxied = this.contextRunner.withBean(Trace.class)
			.withBean("tracingAdvice", TracingAdvice.class)
			.withBean(BeanNameAutoProxyCreator.class, () -> {
				BeanNameAutoProxyCreator creator = new BeanNameAutoProxyCreator();
				creator.setBeanNames("classProxied", "interfaceProxied");
				creator.setInterceptorNames("tracingAdvice");
				return creator;
			})
			.withBean("classProxied", ClassProxied.class)
			.withBean("interfaceProxied", InterfaceProxied.class);
		Map<Boolean, List<String>> seen = withAndWithoutDirectListeners(proxied, (context, direct) -> {
			assertThat(AopUtils.isCglibProxy(context.getBean("classProxied"))).isTrue();
			assertThat(AopUtils.isJdkDynamicProxy(context.getBean("interfaceProxied"))).isTrue();
			assertAdapters(context, direct, 3, ClassProxied.class, InterfaceProxied.class);
			List<String> result = new ArrayList<>();
			result.add(Clients.exchange(port(context), "hi"));
			result.addAll(context.getBean(Trace.class).entries);
			return result;
		});
		assertThat(seen.get(true)).containsExactly("public package interface:hi\n", "advice publicOnTheClass",
				"publicOnTheClass on the target", "advice packagePrivateOnTheClass",
				"packagePrivateOnTheClass on the target", "advice greet", "greet on the target");
		assertThat(seen.get(true)).isEqualTo(seen.get(false));
	}

	@Test
	void aFailingListenerEndsItsConnectionWithTheSameErrorAsWithSpringsAdapter() {
		Map<Boolean, List<String>> failures = withAndWithoutDirectListeners(this.contextRunner.withBean("failing",
				Failing.class), (context, direct) -> {
					assertAdapters(context, direct, 2, Failing.class);
					List<String> seen = new ArrayList<>();
					for (Failing.Mode mode : Failing.Mode.values()) {
						context.getBean(Failing.class).mode = mode;
						String reply = Clients.exchange(port(context), "x");
						WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class)
							.awaitExited(mode.ordinal() + 1)
							.get(mode.ordinal());
						seen.add(mode + " " + reply.trim() + " " + exited.getOutcome() + " " + describe(exited.getError()));
					}
					return seen;
				});
		assertThat(failures.get(true)).containsExactly("CHECKED failing ERROR java.io.IOException: handler says no",
				"RUNTIME failing ERROR java.lang.IllegalStateException: handler refuses",
				"ERROR failing ERROR dev.waiter.autoconfigure.DirectListenersTests$HandlerError: handler broke",
				"CONDITION failing ERROR org.springframework.expression.spel.SpelEvaluationException: EL1008E: "
						+ "Property or field 'noSuchProperty' cannot be found on object of type "
						+ "'dev.waiter.server.connection.SocketConnection' - maybe not public or not valid?");
		assertThat(failures.get(true)).isEqualTo(failures.get(false));
	}

	/**
	 * The server unwraps what Spring wrapped, but a multicaster's error handler sees the
	 * wrapper itself: its type, message and cause must be Spring's too.
	 */
	@Test
	void aMulticastersErrorHandlerSeesTheSameWrapperAroundACheckedExceptionAsWithSpringsAdapter() {
		ApplicationContextRunner recording = this.contextRunner.withBean("failing", Failing.class)
			.withBean("applicationEventMulticaster", RecordingMulticaster.class);
		Map<Boolean, String> wrappers = withAndWithoutDirectListeners(recording, (context, direct) -> {
			context.getBean(Failing.class).mode = Failing.Mode.CHECKED;
			assertThat(Clients.exchange(port(context), "x")).isEqualTo("failing ");
			context.getBean(EventRecorder.class).awaitExited(1);
			WaiterProcessEvent event = context.getBean(Failing.class).events.get(0);
			List<Throwable> seen = context.getBean(RecordingMulticaster.class).seen;
			assertThat(seen).hasSize(1);
			return describe(seen.get(0)).replace(event.toString(), "<the event>") + " caused by "
					+ describe(seen.get(0).getCause());
		});
		assertThat(wrappers.get(true)).startsWith("java.lang.reflect.UndeclaredThrowableException: "
				+ "Failed to invoke event listener method")
			.contains("<the event>")
			.endsWith("caused by java.io.IOException: handler says no");
		assertThat(wrappers.get(true)).isEqualTo(wrappers.get(false));
	}

	@Test
	void theSwitchGivesBackSpringsReflectiveAdapter() {
		this.contextRunner.withBean(OutOfOrder.class).withPropertyValues("waiter.direct-listeners=false").run((context) -> {
			assertThat(processAdapters(context, OutOfOrder.class)).hasSize(2)
				.noneSatisfy((listener) -> assertThat(listener).isInstanceOf(WaiterProcessListenerFactory.DirectAdapter.class));
			assertThat(Clients.exchange(port(context), "hi")).isEqualTo("first last:hi\n");
		});
	}

	/** Runs the same check with direct listeners on, then off: what each run returned. */
	private static <T> Map<Boolean, T> withAndWithoutDirectListeners(ApplicationContextRunner runner, Check<T> check) {
		Map<Boolean, T> results = new LinkedHashMap<>();
		for (boolean direct : new boolean[] { true, false }) {
			runner.withPropertyValues("waiter.direct-listeners=" + direct).run((context) -> {
				assertThat(context).hasNotFailed();
				results.put(direct, check.run(context, direct));
			});
		}
		assertThat(results).containsOnlyKeys(true, false);
		return results;
	}

	private static void assertAdapters(AssertableApplicationContext context, boolean direct, int count,
			Class<?>... declaringClasses) {
		assertThat(processAdapters(context, declaringClasses)).as("listeners of %s", List.of(declaringClasses))
			.hasSize(count)
			.allSatisfy((listener) -> assertThat(listener instanceof WaiterProcessListenerFactory.DirectAdapter)
				.as("%s is called directly", listener)
				.isEqualTo(direct));
	}

	private static List<ApplicationListener<?>> processAdapters(AssertableApplicationContext context,
			Class<?>... declaringClasses) {
		List<Class<?>> classes = List.of(declaringClasses);
		return ((AbstractApplicationContext) context.getSourceApplicationContext()).getApplicationListeners()
			.stream()
			.filter((listener) -> listener instanceof ApplicationListenerMethodAdapter adapter
					&& classes.contains(adapter.getTargetMethod().getDeclaringClass()))
			.toList();
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Waiter.class).getPort();
	}

	private static String describe(@Nullable Throwable error) {
		return (error != null) ? error.getClass().getName() + ": " + error.getMessage() : "no error";
	}

	private static void write(WaiterProcessEvent event, String text) throws IOException {
		event.getConnection().out().write(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void reply(WaiterProcessEvent event, String prefix) throws IOException {
		WaiterConnection connection = event.getConnection();
		write(event, prefix + connection.readLine(100) + "\n");
	}

	@FunctionalInterface
	interface Check<T> {

		T run(AssertableApplicationContext context, boolean direct) throws Exception;

	}

	/** Declared, and registered before {@link Between}, in the reverse of their order. */
	static class OutOfOrder {

		@EventListener
		@Order(30)
		public void last(WaiterProcessEvent event) throws IOException {
			reply(event, "last:");
		}

		@EventListener
		@Order(10)
		private void first(WaiterProcessEvent event) throws IOException {
			write(event, "first ");
		}

	}

	static class Between {

		@EventListener
		@Order(20)
		void between(WaiterProcessEvent event) throws IOException {
			write(event, "between ");
		}

	}

	static class Conditional {

		@EventListener(condition = "#event.connection.localPort == #event.waiter.port")
		@Order(1)
		void onTheServersPort(WaiterProcessEvent event) throws IOException {
			write(event, "on-the-port ");
		}

		@EventListener(condition = "#event.connection.localPort != #event.waiter.port")
		@Order(2)
		void onAnotherPort(WaiterProcessEvent event) throws IOException {
			write(event, "on-another-port ");
		}

		@EventListener(condition = "#event.connection.ssl")
		@Order(3)
		public void overTls(WaiterProcessEvent event) throws IOException {
			write(event, "tls ");
		}

		@EventListener(condition = "#root.args[0].connection.peerAddress.address.isLoopbackAddress()")
		@Order(4)
		private void local(WaiterProcessEvent event) throws IOException {
			write(event, "local ");
		}

		@EventListener
		@Order(5)
		void reply(WaiterProcessEvent event) throws IOException {
			DirectListenersTests.reply(event, "reply:");
		}

	}

	/** What the advice and the listeners saw, in order. */
	static class Trace {

		final List<String> entries = new CopyOnWriteArrayList<>();

		void add(String entry) {
			this.entries.add(entry);
		}

		void called(Object self, String method) {
			add(method + " on " + (AopUtils.isAopProxy(self) ? "the proxy" : "the target"));
		}

	}

	static class TracingAdvice implements MethodInterceptor {

		private final Trace trace;

		TracingAdvice(Trace trace) {
			this.trace = trace;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			this.trace.add("advice " + invocation.getMethod().getName());
			return invocation.proceed();
		}

	}

	/** Has no interface: proxied by subclassing. */
	static class ClassProxied {

		private final Trace trace;

		ClassProxied(Trace trace) {
			this.trace = trace;
		}

		@EventListener
		@Order(1)
		public void publicOnTheClass(WaiterProcessEvent event) throws IOException {
			this.trace.called(this, "publicOnTheClass");
			write(event, "public ");
		}

		@EventListener
		@Order(2)
		void packagePrivateOnTheClass(WaiterProcessEvent event) throws IOException {
			this.trace.called(this, "packagePrivateOnTheClass");
			write(event, "package ");
		}

	}

	interface Greeter {

		void greet(WaiterProcessEvent event) throws IOException;

	}

	/** Implements an interface: proxied by a JDK proxy of it. */
	static class InterfaceProxied implements Greeter {

		private final Trace trace;

		InterfaceProxied(Trace trace) {
			this.trace = trace;
		}

		@Override
		@EventListener
		@Order(3)
		public void greet(WaiterProcessEvent event) throws IOException {
			this.trace.called(this, "greet");
			reply(event, "interface:");
		}

	}

	static class Failing {

		enum Mode {

			CHECKED, RUNTIME, ERROR, CONDITION

		}

		final List<WaiterProcessEvent> events = new CopyOnWriteArrayList<>();

		volatile Mode mode = Mode.CHECKED;

		public Mode getMode() {
			return this.mode;
		}

		@EventListener
		@Order(1)
		void fail(WaiterProcessEvent event) throws IOException {
			this.events.add(event);
			write(event, "failing ");
			event.getConnection().out().flush();
			switch (this.mode) {
				case CHECKED -> throw new IOException("handler says no");
				case RUNTIME -> throw new IllegalStateException("handler refuses");
				case ERROR -> throw new HandlerError("handler broke");
				case CONDITION -> {
				}
			}
		}

		@EventListener(condition = "@failing.mode.name() == 'CONDITION' and #event.connection.noSuchProperty")
		@Order(2)
		void afterABadCondition(WaiterProcessEvent event) throws IOException {
			write(event, "never ");
		}

	}

	static class HandlerError extends Error {

		HandlerError(String message) {
			super(message);
		}

	}

	/** Spring's multicaster with an error handler that records what a listener threw, and throws it on. */
	static class RecordingMulticaster extends SimpleApplicationEventMulticaster implements ErrorHandler {

		final List<Throwable> seen = new CopyOnWriteArrayList<>();

		RecordingMulticaster() {
			setErrorHandler(this);
		}

		@Override
		public void handleError(Throwable error) {
			if (error.getCause() instanceof IOException) {
				this.seen.add(error);
			}
			if (error instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (error instanceof Error fatal) {
				throw fatal;
			}
			throw new UndeclaredThrowableException(error);
		}

	}

}
