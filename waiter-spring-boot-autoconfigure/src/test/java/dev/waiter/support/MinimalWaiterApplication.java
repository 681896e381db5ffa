package dev.waiter.support;

import java.io.IOException;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterSignalEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * A whole Spring Boot application with only waiter in it, started in a separate JVM by
 * tests that need a real process: its exit code, its signals.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MinimalWaiterApplication {

	private final ConfigurableApplicationContext context;

	MinimalWaiterApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static void main(String[] args) {
		SpringApplication.run(MinimalWaiterApplication.class, args);
	}

	/**
	 * With {@code --test.handler=hold}, greets each client and holds it until it closes, so
	 * that a test can make the server hold many descriptors.
	 * @param event the connection to serve
	 * @throws IOException when the client goes away
	 */
	@EventListener(condition = "@environment.getProperty('test.handler') == 'hold'")
	void onProcess(WaiterProcessEvent event) throws IOException {
		event.getConnection().writer().println("hi");
		event.getConnection().reader().read();
	}

	/**
	 * With {@code --test.handler=break}, answers lines until the client closes: {@code break}
	 * breaks the main loop, {@code state} answers the server's state, {@code restart} stops
	 * and starts the application's context on another thread, {@code close} closes the
	 * application on another thread, anything else is echoed.
	 * @param event the connection to serve
	 * @throws IOException when the client goes away
	 */
	@EventListener(condition = "@environment.getProperty('test.handler') == 'break'")
	void onProcessBreaking(WaiterProcessEvent event) throws IOException {
		WaiterConnection connection = event.getConnection();
		for (String line = connection.readLine(256); line != null; line = connection.readLine(256)) {
			switch (line) {
				case "break" -> {
					event.getWaiter().breakMainLoop();
					connection.writer().println("broken");
				}
				case "state" -> connection.writer().println(event.getWaiter().getState());
				case "restart" -> {
					connection.writer().println("restarting");
					connection.writer().flush();
					// not a daemon, as the connection's thread is: it holds the JVM between the runs
					Thread restart = new Thread(() -> {
						this.context.stop();
						this.context.start();
					}, "test-restart");
					restart.setDaemon(false);
					restart.start();
					return;
				}
				case "close" -> {
					connection.writer().println("closing");
					connection.writer().flush();
					new Thread(this.context::close, "test-close").start();
					return;
				}
				default -> connection.writer().println("echo:" + line);
			}
			connection.writer().flush();
		}
	}

	@EventListener
	void onSignal(WaiterSignalEvent event) {
		System.out.println("received signal " + event.getSignal() + " on " + Thread.currentThread().getName());
	}

}
