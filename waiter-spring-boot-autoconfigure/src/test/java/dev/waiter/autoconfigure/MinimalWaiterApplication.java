package dev.waiter.autoconfigure;

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

	@EventListener
	void onSignal(WaiterSignalEvent event) {
		System.out.println("received signal " + event.getSignal() + " on " + Thread.currentThread().getName());
	}

}
