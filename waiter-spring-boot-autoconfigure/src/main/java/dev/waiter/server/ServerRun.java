package dev.waiter.server;

import java.net.ServerSocket;

/**
 * One run of a server, from a successful bind to the end of stop: the listen socket and
 * the dispatcher of the run's mode. Flags are written by the lifecycle thread (or a
 * handler calling breakMainLoop) and read by the accepting threads.
 */
final class ServerRun {

	final ServerSocket listen;

	final int port;

	final ConnectionDispatcher dispatcher;

	volatile boolean stopping;

	volatile boolean closedOnPurpose;

	ServerRun(ServerSocket listen, ConnectionDispatcher dispatcher) {
		this.listen = listen;
		this.port = listen.getLocalPort();
		this.dispatcher = dispatcher;
	}

	void closeListen() {
		this.closedOnPurpose = true;
		ListenSocket.closeQuietly(this.listen);
		this.dispatcher.listenClosed();
	}

}
