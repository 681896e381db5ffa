package dev.waiter.support;

import java.io.IOException;

import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterSignalEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.event.EventListener;

/**
 * A whole Spring Boot application with only waiter in it, started in a separate JVM by
 * tests that need a real process: its exit code, its signals.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MinimalWaiterApplication {

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

	@EventListener
	void onSignal(WaiterSignalEvent event) {
		System.out.println("received signal " + event.getSignal() + " on " + Thread.currentThread().getName());
	}

}
