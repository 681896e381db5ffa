package dev.waiter.benchmarks;

import java.io.IOException;

import dev.waiter.event.WaiterRequestEvent;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The echo workload in waiter's request model, with {@code --bench.request-model=true} (and
 * {@code --waiter.handler-model=request}): waiter reads each line with the configured framing
 * (lines) and publishes one {@link WaiterRequestEvent} per line, on whichever thread resumes
 * the connection; this listener answers it with the same payload, sent when no further
 * request is buffered. Between requests the connection holds no thread. Its own class, so the
 * connection-model servers of {@link WaiterEchoApplication} need nothing of the request model.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("bench.request-model")
class RequestModelEcho {

	@EventListener
	void echo(WaiterRequestEvent event) throws IOException {
		event.getConnection().writeFrame(event.<byte[]>getRequest());
	}

}
