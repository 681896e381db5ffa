package dev.waiter.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.waiter.support.Clients;
import dev.waiter.support.ForkedJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DescriptorExhaustionTests {

	private static final int MOST_CLIENTS = 1000;

	@Test
	void aServerOutOfFileDescriptorsReportsAcceptErrorsAndAcceptsAgainOnceDescriptorsAreFree() throws Exception {
		ForkedJvm jvm = ForkedJvm.startWithFileLimit(256, "--waiter.address=127.0.0.1", "--waiter.port=0",
				"--test.handler=hold");
		List<Socket> held = new ArrayList<>();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> jvm.output().contains("Started MinimalWaiterApplication"));
			Matcher listening = Pattern.compile("Waiter listening on 127.0.0.1:(\\d+)").matcher(jvm.output());
			assertThat(listening.find()).isTrue();
			int port = Integer.parseInt(listening.group(1));
			Socket waiting = null;
			for (int i = 0; i < MOST_CLIENTS && waiting == null; i++) {
				Socket socket = Clients.connect(port);
				socket.setSoTimeout(2000);
				if (greeted(socket)) {
					held.add(socket);
				}
				else {
					waiting = socket;
				}
			}
			assertThat(waiting).as("the server never ran out of descriptors").isNotNull();
			assertThat(held.size()).isGreaterThan(50);
			await().atMost(Duration.ofSeconds(10)).until(() -> jvm.output().contains("Too many open files"));
			// out of descriptors for at least the waiting client's 2 s read: about 40 failed accepts, one WARN line
			assertThat(jvm.output().split("Accept failed", -1).length - 1).isBetween(1, 2);
			for (int i = 0; i < 20; i++) {
				held.remove(held.size() - 1).close();
			}
			waiting.setSoTimeout(20_000);
			assertThat(Clients.reader(waiting).readLine()).isEqualTo("hi");
			held.add(waiting);
			try (Socket another = Clients.connect(port)) {
				assertThat(Clients.reader(another).readLine()).isEqualTo("hi");
			}
		}
		finally {
			held.forEach(Clients::close);
			jvm.destroy();
		}
	}

	private static boolean greeted(Socket socket) throws IOException {
		try {
			BufferedReader reader = Clients.reader(socket);
			return "hi".equals(reader.readLine());
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

}
