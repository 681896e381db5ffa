package dev.waiter.server;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

import dev.waiter.WaiterMode;
import dev.waiter.frame.Framing;
import dev.waiter.server.access.CidrBlock;
import dev.waiter.server.proxy.WaiterProxyProtocol;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.tls.WaiterTls;
import dev.waiter.server.transport.WaiterUnixSocket;
import org.jspecify.annotations.Nullable;

/**
 * One run's settings, immutable: taken from the server's {@link WaiterServerSettings} at
 * {@code start()}, and what every thread of that run reads from its start to its stop,
 * while the server's settings may change for the next run. The one constructor assigns
 * every final field, so a field added here and not taken from the settings is a compile
 * error, never a value that silently keeps its default; and the run's code can read no
 * setting that is not here. Each getter returns the setting of the same name.
 */
final class RunSettings {

	private final String name;

	private final @Nullable InetAddress address;

	private final int port;

	private final int backlog;

	private final WaiterMode mode;

	private final int maxConnections;

	private final Duration acceptTimeout;

	private final @Nullable Duration readTimeout;

	private final @Nullable Duration writeTimeout;

	private final @Nullable Duration idleTimeout;

	private final @Nullable Duration requestTimeout;

	private final @Nullable WaiterRequestModel requestModel;

	private final int preforkMin;

	private final int preforkMax;

	private final Duration preforkIdleTimeout;

	private final boolean virtualThreads;

	private final Charset charset;

	private final WaiterShutdown shutdown;

	private final Duration shutdownTimeout;

	private final boolean signalsPropagate;

	private final boolean tcpNoDelay;

	private final boolean keepAlive;

	private final boolean processOnInput;

	private final boolean reuseAddress;

	private final @Nullable WaiterTls tls;

	private final Framing framing;

	private final ConnectionServingHook servingHook;

	private final List<CidrBlock> allow;

	private final List<CidrBlock> deny;

	private final @Nullable WaiterProxyProtocol proxyProtocol;

	private final int maxConnectionsPerPeer;

	private final @Nullable Integer maxConnectionRatePerPeer;

	private final boolean reusePort;

	private final @Nullable WaiterUnixSocket unixSocket;

	private final boolean socketActivation;

	/**
	 * Takes the values the settings hold now; on the lifecycle thread, at the start of a run.
	 * @param settings the server's settings
	 */
	RunSettings(WaiterServerSettings settings) {
		this.name = settings.getName();
		this.address = settings.getAddress();
		this.port = settings.getPort();
		this.backlog = settings.getBacklog();
		this.mode = settings.getMode();
		this.maxConnections = settings.getMaxConnections();
		this.acceptTimeout = settings.getAcceptTimeout();
		this.readTimeout = settings.getReadTimeout();
		this.writeTimeout = settings.getWriteTimeout();
		this.idleTimeout = settings.getIdleTimeout();
		this.requestTimeout = settings.getRequestTimeout();
		this.requestModel = settings.getRequestModel();
		this.preforkMin = settings.getPreforkMin();
		this.preforkMax = settings.getPreforkMax();
		this.preforkIdleTimeout = settings.getPreforkIdleTimeout();
		this.virtualThreads = settings.isVirtualThreads();
		this.charset = settings.getCharset();
		this.shutdown = settings.getShutdown();
		this.shutdownTimeout = settings.getShutdownTimeout();
		this.signalsPropagate = settings.isSignalsPropagate();
		this.tcpNoDelay = settings.isTcpNoDelay();
		this.keepAlive = settings.isKeepAlive();
		this.processOnInput = settings.isProcessOnInput();
		this.reuseAddress = settings.isReuseAddress();
		this.tls = settings.getTls();
		this.framing = settings.getFraming();
		this.servingHook = settings.getServingHook();
		this.allow = settings.getAllow();
		this.deny = settings.getDeny();
		this.proxyProtocol = settings.getProxyProtocol();
		this.maxConnectionsPerPeer = settings.getMaxConnectionsPerPeer();
		this.maxConnectionRatePerPeer = settings.getMaxConnectionRatePerPeer();
		this.reusePort = settings.isReusePort();
		this.unixSocket = settings.getUnixSocket();
		this.socketActivation = settings.isSocketActivation();
	}

	String getName() {
		return this.name;
	}

	@Nullable InetAddress getAddress() {
		return this.address;
	}

	int getPort() {
		return this.port;
	}

	int getBacklog() {
		return this.backlog;
	}

	WaiterMode getMode() {
		return this.mode;
	}

	int getMaxConnections() {
		return this.maxConnections;
	}

	Duration getAcceptTimeout() {
		return this.acceptTimeout;
	}

	/** Whether a connection's reads are timed: a read, idle or request timeout is set. */
	boolean isReadTimed() {
		return this.readTimeout != null || this.idleTimeout != null || this.requestTimeout != null;
	}

	@Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	@Nullable Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	@Nullable WaiterRequestModel getRequestModel() {
		return this.requestModel;
	}

	@Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	@Nullable Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	int getPreforkMin() {
		return this.preforkMin;
	}

	int getPreforkMax() {
		return this.preforkMax;
	}

	Duration getPreforkIdleTimeout() {
		return this.preforkIdleTimeout;
	}

	boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	Charset getCharset() {
		return this.charset;
	}

	WaiterShutdown getShutdown() {
		return this.shutdown;
	}

	Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	boolean isSignalsPropagate() {
		return this.signalsPropagate;
	}

	boolean isTcpNoDelay() {
		return this.tcpNoDelay;
	}

	boolean isKeepAlive() {
		return this.keepAlive;
	}

	boolean isProcessOnInput() {
		return this.processOnInput;
	}

	boolean isReuseAddress() {
		return this.reuseAddress;
	}

	@Nullable WaiterTls getTls() {
		return this.tls;
	}

	Framing getFraming() {
		return this.framing;
	}

	ConnectionServingHook getServingHook() {
		return this.servingHook;
	}

	List<CidrBlock> getAllow() {
		return this.allow;
	}

	List<CidrBlock> getDeny() {
		return this.deny;
	}

	/**
	 * The PROXY protocol settings, or {@code null} when the server takes no header.
	 * @return the settings
	 */
	@Nullable WaiterProxyProtocol getProxyProtocol() {
		return this.proxyProtocol;
	}

	int getMaxConnectionsPerPeer() {
		return this.maxConnectionsPerPeer;
	}

	@Nullable Integer getMaxConnectionRatePerPeer() {
		return this.maxConnectionRatePerPeer;
	}

	boolean isReusePort() {
		return this.reusePort;
	}

	/**
	 * The Unix domain socket to listen on, or {@code null} for TCP.
	 * @return the settings
	 */
	@Nullable WaiterUnixSocket getUnixSocket() {
		return this.unixSocket;
	}

	boolean isSocketActivation() {
		return this.socketActivation;
	}

}
