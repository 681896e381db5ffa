package dev.waiter.autoconfigure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

import dev.waiter.WaiterHandlerModel;
import dev.waiter.WaiterMode;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterShutdown;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of one waiter server: the default one under {@code waiter}
 * ({@link WaiterProperties}) and each named one under {@code waiter.servers.<name>}.
 * Defaults equal those of {@link dev.waiter.server.WaiterServerSettings}; values are
 * checked at start-up by {@link WaiterSettingsFactory}.
 */
public class WaiterServerProperties extends WaiterListenProperties {

	/**
	 * How clients are put on threads: fork (a thread per client), prefork (a pool of
	 * accepting workers) or nofork (one client at a time).
	 */
	private WaiterMode mode = WaiterMode.FORK;

	/**
	 * Most concurrent connections in fork mode (Net::Waiter's MAXFORK); a client over it is
	 * accepted, gets the rejected event and is closed.
	 */
	private int maxConnections = 1024;

	/**
	 * Time without a client after which an idle event is published (Net::Waiter's TIMEOUT);
	 * 0 publishes none.
	 */
	private Duration acceptTimeout = Duration.ofSeconds(4);

	/**
	 * Longest wait for data from a client (SO_TIMEOUT), after which the handler's read
	 * throws SocketTimeoutException; no limit when unset.
	 */
	private @Nullable Duration readTimeout;

	/**
	 * Longest time a write may go without progress, after which the connection is closed
	 * with outcome TIMEOUT: writes go to the socket in chunks of 16 KiB, and the timeout is
	 * the longest wait for the kernel to accept one chunk, so a large reply to a client that
	 * reads slowly but steadily is not cut off, while one that stopped reading is (checked
	 * every quarter of it, at most every second); no limit when unset.
	 */
	private @Nullable Duration writeTimeout;

	/**
	 * Longest wait for a connection's next request (or its first), after which it is closed
	 * quietly with outcome IDLE; unset: the read timeout bounds that wait too.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * Longest time a whole request may take to arrive, from its first byte, however steadily
	 * its bytes trickle in (a slow-request attack), after which the connection is closed with
	 * outcome TIMEOUT; in the connection model a request runs from its first byte to the
	 * handler's reply. No limit when unset.
	 */
	private @Nullable Duration requestTimeout;

	/**
	 * Who reads the requests: connection (the handler of the process event reads the whole
	 * connection) or request (the server reads each request with the RequestDecoder bean or
	 * the configured framing, and publishes one WaiterRequestEvent per request).
	 */
	private WaiterHandlerModel handlerModel = WaiterHandlerModel.CONNECTION;

	/**
	 * How a connection of the request model waits between requests: thread (on a shallow
	 * stack), selector (no thread; fork mode) or auto (selector on platform threads, thread
	 * on virtual threads).
	 */
	private WaiterRequestModel.IdleWait idleWait = WaiterRequestModel.IdleWait.AUTO;

	/**
	 * Charset of the connection's reader and writer.
	 */
	private Charset charset = StandardCharsets.UTF_8;

	/**
	 * What stopping does with live connections: graceful (let them finish within
	 * spring.lifecycle.timeout-per-shutdown-phase) or immediate.
	 */
	private WaiterShutdown shutdown = WaiterShutdown.GRACEFUL;

	/**
	 * Whether to disable Nagle's algorithm on client sockets (TCP_NODELAY).
	 */
	private boolean tcpNoDelay = true;

	/**
	 * Whether to send TCP keep-alive probes on idle client sockets (SO_KEEPALIVE).
	 */
	private boolean keepAlive;

	/**
	 * Whether to publish the process event only once the client has sent its first bytes
	 * (or closed, or its read failed): a client that connected and has sent nothing holds
	 * a small buffer and no handler stack. The handler reads the same bytes, end of stream
	 * or error as without it. Leave it off for protocols where the server speaks first.
	 */
	private boolean processOnInput;

	/**
	 * Client addresses to serve, as CIDR blocks (IPv4 or IPv6); when set, every other
	 * address is refused. Empty: every address not denied.
	 */
	private List<String> allow = new ArrayList<>();

	/**
	 * Client addresses to refuse right after accept, as CIDR blocks; deny wins over allow.
	 */
	private List<String> deny = new ArrayList<>();

	/**
	 * Most live connections from one client address (after the PROXY header when the
	 * PROXY protocol is on); a client over it gets the rejected event with reason
	 * max-connections-per-peer. 0: no cap.
	 */
	private int maxConnectionsPerPeer;

	/**
	 * Most new connections per second from one client address (after the PROXY header when
	 * the PROXY protocol is on), with bursts of up to one second's worth; a client over it
	 * gets the rejected event with reason connection-rate. Unset: no limit.
	 */
	private @Nullable Integer maxConnectionRatePerPeer;

	@NestedConfigurationProperty
	private final WaiterProxyProtocolProperties proxyProtocol = new WaiterProxyProtocolProperties();

	@NestedConfigurationProperty
	private final WaiterPreforkProperties prefork = new WaiterPreforkProperties();

	@NestedConfigurationProperty
	private final WaiterThreadsProperties threads = new WaiterThreadsProperties();

	@NestedConfigurationProperty
	private final WaiterSignalsProperties signals = new WaiterSignalsProperties();

	@NestedConfigurationProperty
	private final WaiterSslProperties ssl = new WaiterSslProperties();

	@NestedConfigurationProperty
	private final WaiterFrameProperties frame = new WaiterFrameProperties();

	public WaiterMode getMode() {
		return this.mode;
	}

	public void setMode(WaiterMode mode) {
		this.mode = mode;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getAcceptTimeout() {
		return this.acceptTimeout;
	}

	public void setAcceptTimeout(Duration acceptTimeout) {
		this.acceptTimeout = acceptTimeout;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public @Nullable Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(@Nullable Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public WaiterHandlerModel getHandlerModel() {
		return this.handlerModel;
	}

	public void setHandlerModel(WaiterHandlerModel handlerModel) {
		this.handlerModel = handlerModel;
	}

	public WaiterRequestModel.IdleWait getIdleWait() {
		return this.idleWait;
	}

	public void setIdleWait(WaiterRequestModel.IdleWait idleWait) {
		this.idleWait = idleWait;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public @Nullable Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public void setWriteTimeout(@Nullable Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	public Charset getCharset() {
		return this.charset;
	}

	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	public WaiterShutdown getShutdown() {
		return this.shutdown;
	}

	public void setShutdown(WaiterShutdown shutdown) {
		this.shutdown = shutdown;
	}

	public boolean isTcpNoDelay() {
		return this.tcpNoDelay;
	}

	public void setTcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
	}

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
	}

	public boolean isProcessOnInput() {
		return this.processOnInput;
	}

	public void setProcessOnInput(boolean processOnInput) {
		this.processOnInput = processOnInput;
	}

	public List<String> getAllow() {
		return this.allow;
	}

	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

	public List<String> getDeny() {
		return this.deny;
	}

	public void setDeny(List<String> deny) {
		this.deny = deny;
	}

	public WaiterPreforkProperties getPrefork() {
		return this.prefork;
	}

	public WaiterThreadsProperties getThreads() {
		return this.threads;
	}

	public WaiterSignalsProperties getSignals() {
		return this.signals;
	}

	public WaiterFrameProperties getFrame() {
		return this.frame;
	}

	public WaiterSslProperties getSsl() {
		return this.ssl;
	}

	public int getMaxConnectionsPerPeer() {
		return this.maxConnectionsPerPeer;
	}

	public void setMaxConnectionsPerPeer(int maxConnectionsPerPeer) {
		this.maxConnectionsPerPeer = maxConnectionsPerPeer;
	}

	public @Nullable Integer getMaxConnectionRatePerPeer() {
		return this.maxConnectionRatePerPeer;
	}

	public void setMaxConnectionRatePerPeer(@Nullable Integer maxConnectionRatePerPeer) {
		this.maxConnectionRatePerPeer = maxConnectionRatePerPeer;
	}

	public WaiterProxyProtocolProperties getProxyProtocol() {
		return this.proxyProtocol;
	}

}
