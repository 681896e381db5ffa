package dev.waiter.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;

import dev.waiter.support.ForkedJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortInUseTests {

	@Test
	void aTakenPortEndsTheApplicationWithExitCode100AndTheAnalyzersExplanation() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			ForkedJvm jvm = ForkedJvm.start("--waiter.address=127.0.0.1", "--waiter.port=" + port);
			try {
				int exitCode = jvm.awaitExit(60);
				String output = jvm.output();
				assertThat(exitCode).as(output).isEqualTo(100);
				assertThat(output).contains("APPLICATION FAILED TO START")
					.contains("Waiter could not listen on 127.0.0.1:" + port + " (waiter.address, waiter.port)")
					.contains("set waiter.port to a free port");
			}
			finally {
				jvm.destroy();
			}
		}
	}

}
