package dev.waiter.resp;

import org.springframework.test.context.TestPropertySource;

/**
 * Every test of {@link RespExampleTests} on the connection model
 * ({@code waiter.handler-model=connection}): the {@link RespServer} process-event listener
 * the benchmark compares against the request model.
 */
@TestPropertySource(properties = "waiter.handler-model=connection")
class RespConnectionModelTests extends RespExampleTests {

}
