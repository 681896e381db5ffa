package dev.waiter.autoconfigure;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.waiter.support.Clients;
import dev.waiter.support.ForkedJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code breakMainLoop()} in a whole application without a web server, in its own JVM:
 * the server, not its acceptor, holds the JVM until the application stops it.
 */
class BreakMainLoopTests {

	@Test
	void aBrokenMainLoopKeepsTheJvmAndItsLiveConnectionUntilTheApplicationCloses() throws Exception {
		ForkedJvm jvm = ForkedJvm.start("--waiter.address=127.0.0.1", "--waiter.port=0", "--test.handler=break");
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> jvm.output().contains("Started MinimalWaiterApplication"));
			Matcher listening = Pattern.compile("Waiter listening on 127.0.0.1:(\\d+)").matcher(jvm.output());
			assertThat(listening.find()).isTrue();
			int port = Integer.parseInt(listening.group(1));
			try (Socket client = Clients.connect(port)) {
				BufferedReader reader = Clients.reader(client);
				PrintWriter writer = Clients.writer(client);
				writer.println("hello");
				assertThat(reader.readLine()).isEqualTo("echo:hello");
				writer.println("break");
				assertThat(reader.readLine()).isEqualTo("broken");
				assertThat(jvm.isAliveAfter(2000)).as(jvm.output()).isTrue();
				writer.println("state");
				assertThat(reader.readLine()).as(jvm.output()).isEqualTo("BROKEN");
				writer.println("still there");
				assertThat(reader.readLine()).isEqualTo("echo:still there");
				assertThat(Clients.accepts(port)).isFalse();
				writer.println("close");
				assertThat(reader.readLine()).isEqualTo("closing");
			}
			assertThat(jvm.awaitExit(30)).as(jvm.output()).isZero();
		}
		finally {
			jvm.destroy();
		}
	}

}
