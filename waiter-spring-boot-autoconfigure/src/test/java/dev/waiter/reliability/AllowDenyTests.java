package dev.waiter.reliability;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.waiter.Waiter;
import dev.waiter.actuate.WaiterMeters;
import dev.waiter.actuate.WaiterMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AllowDenyTests {

	@Test
	void loopbackInTheAllowListIsServed() {
		Reliability.contextRunner().withPropertyValues("waiter.allow=10.0.0.0/8,127.0.0.0/8").run((context) -> {
			assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "in")).isEqualTo("echo:in\n");
		});
	}

	@Test
	void loopbackOutsideTheAllowListIsClosedWithoutBeingServedAndLoggedAtDebug(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("dev.waiter", LogLevel.DEBUG);
		try {
			refuseOutsideTheAllowList(output);
		}
		finally {
			logging.setLogLevel("dev.waiter", null);
		}
	}

	private void refuseOutsideTheAllowList(CapturedOutput output) {
		Reliability.contextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("waiter.allow=10.0.0.0/8")
			.run((context) -> {
				EventRecorder recorder = context.getBean(EventRecorder.class);
				assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "out")).isEmpty();
				assertThat(recorder.all(WaiterRejectedEvent.class)).singleElement()
					.satisfies((event) -> assertThat(event.getReason()).isEqualTo(WaiterRejectedEvent.DENIED));
				assertThat(recorder.all(WaiterAcceptedEvent.class)).isEmpty();
				assertThat(output).containsPattern("DEBUG .*Refused WaiterConnection#1\\[/127\\.0\\.0\\.1:\\d+\\]: denied");
				assertThat(context.getBean(MeterRegistry.class)
					.get(WaiterMeters.REJECTED)
					.tag("reason", WaiterRejectedEvent.DENIED)
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void denyWinsOverAllow() {
		Reliability.contextRunner().withPropertyValues("waiter.allow=127.0.0.0/8", "waiter.deny=127.0.0.1/32")
			.run((context) -> {
				assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "x")).isEmpty();
				assertThat(context.getBean(EventRecorder.class).all(WaiterRejectedEvent.class)).hasSize(1);
			});
	}

	@Test
	void ipv6LoopbackIsMatchedByIpv6BlocksBothWays() {
		Reliability.contextRunner().withPropertyValues("waiter.address=::1", "waiter.deny=::1/128").run((context) -> {
			assertThat(exchangeIpv6(context.getBean(Waiter.class).getPort())).isEmpty();
			assertThat(context.getBean(EventRecorder.class).all(WaiterRejectedEvent.class)).hasSize(1);
		});
		Reliability.contextRunner().withPropertyValues("waiter.address=::1", "waiter.allow=::1/128").run((context) -> {
			assertThat(exchangeIpv6(context.getBean(Waiter.class).getPort())).isEqualTo("echo:six\n");
		});
		Reliability.contextRunner().withPropertyValues("waiter.address=::1", "waiter.allow=127.0.0.0/8").run((context) -> {
			assertThat(exchangeIpv6(context.getBean(Waiter.class).getPort())).isEmpty();
		});
	}

	@Test
	void badCidrTextStopsStartUpNamingThePropertyAndTheValue() {
		Reliability.contextRunner().withPropertyValues("waiter.deny=10.0.0.0/8,10.0.0.0/40").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.deny[1]")
				.hasMessageContaining("10.0.0.0/40");
		});
	}

	private static String exchangeIpv6(int port) throws IOException {
		InetAddress loopback = Inet6Address.getByName("::1");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(loopback, port), Clients.TIMEOUT_MILLIS);
			socket.setSoTimeout(Clients.TIMEOUT_MILLIS);
			socket.getOutputStream().write("six\n".getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

}
