package dev.waiter.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PerPeerCapTests {

	@Test
	void clientsFromOneAddressOverTheCapAreRefusedWhileAnotherAddressIsServed() {
		WaiterContexts.runner().withPropertyValues("waiter.max-connections-per-peer=2").run((context) -> {
			CountDownLatch release = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				String line = connection.readLine(100);
				if ("hold".equals(line)) {
					release.await(10, TimeUnit.SECONDS);
				}
				connection.writer().println(connection.peerHost() + " " + line);
			});
			Waiter waiter = context.getBean(Waiter.class);
			List<Socket> held = new ArrayList<>();
			try {
				for (int i = 0; i < 2; i++) {
					Socket socket = connectFrom("127.0.0.2", waiter.getPort());
					socket.getOutputStream().write("hold\n".getBytes());
					held.add(socket);
				}
				await().until(() -> waiter.getActiveConnections() == 2);
				try (Socket third = connectFrom("127.0.0.2", waiter.getPort())) {
					third.getOutputStream().write("third\n".getBytes());
					assertThat(third.getInputStream().read()).isEqualTo(-1);
				}
				try (Socket other = connectFrom("127.0.0.3", waiter.getPort())) {
					other.getOutputStream().write("other\n".getBytes());
					assertThat(Clients.reader(other).readLine()).isEqualTo("127.0.0.3 other");
				}
				release.countDown();
				for (Socket socket : held) {
					assertThat(Clients.reader(socket).readLine()).isEqualTo("127.0.0.2 hold");
				}
			}
			finally {
				release.countDown();
				held.forEach(Clients::close);
			}
			EventRecorder recorder = context.getBean(EventRecorder.class);
			assertThat(recorder.all(WaiterRejectedEvent.class)).singleElement().satisfies((event) -> {
				assertThat(event.getReason()).isEqualTo(WaiterRejectedEvent.MAX_CONNECTIONS_PER_PEER);
				assertThat(event.getConnection().peerHost()).isEqualTo("127.0.0.2");
			});
			await().until(() -> waiter.getActiveConnections() == 0);
			try (Socket again = connectFrom("127.0.0.2", waiter.getPort())) {
				again.getOutputStream().write("again\n".getBytes());
				assertThat(Clients.reader(again).readLine()).isEqualTo("127.0.0.2 again");
			}
		});
	}

	@Test
	void aNegativeCapStopsStartUpNamingTheProperty() {
		WaiterContexts.runner().withPropertyValues("waiter.max-connections-per-peer=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.max-connections-per-peer");
		});
	}

	static Socket connectFrom(String source, int port) throws Exception {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
		socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), Clients.TIMEOUT_MILLIS);
		socket.setSoTimeout(Clients.TIMEOUT_MILLIS);
		return socket;
	}

}
