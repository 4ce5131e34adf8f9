package dev.slipway.reliability;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 proxy between the portals and the API server, with faults switched on and off by the
 * test: added latency per request, a rate limit answered with 429, every request answered 503 or
 * 429, connections refused (nothing listens on the port), or a black hole (connections accepted,
 * requests never answered). Each portal gets a listening port of its own, so every request is
 * counted per portal and per namespace, with the status the API server answered.
 *
 * <p>It handles one request at a time per connection (the clients here do not pipeline), reading
 * each message's framing (Content-Length or chunked) so it can answer a request itself or hold it.
 */
final class FaultProxy implements AutoCloseable {

  /** What happens to a request. */
  enum Mode {
    /** Forwarded (after the latency, within the rate limit). */
    PASS,
    /** Nothing listens: connections are refused, open ones are cut. */
    REFUSE,
    /** Every request answered 503 Service Unavailable by the proxy. */
    UNAVAILABLE,
    /** Every request answered 429 Too Many Requests by the proxy. */
    TOO_MANY_REQUESTS,
    /** Connections accepted, requests read and never answered. */
    BLACK_HOLE
  }

  /** One request as the proxy saw it: who sent it, what, and what came back (0: no answer). */
  record Exchange(
      String portal, long at, String method, String path, String namespace, int status) {}

  private static final Pattern NAMESPACE =
      Pattern.compile("/namespaces/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(/|$|\\?)");
  private static final Pattern NAMESPACE_OBJECT =
      Pattern.compile("^/api/v1/namespaces(/([a-z0-9-]+))?/?(\\?.*)?$");

  private final InetSocketAddress upstream;
  private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Exchange> exchanges =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile Mode mode = Mode.PASS;
  private volatile Duration latency = Duration.ZERO;
  private volatile int perSecond;
  private final AtomicLong windowStart = new AtomicLong();
  private final AtomicLong inWindow = new AtomicLong();

  FaultProxy(int upstreamPort) {
    this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
  }

  /** Opens (or reopens) a listening port for the portal; returns it. */
  synchronized int listen(String portal) throws IOException {
    Listener existing = listeners.get(portal);
    if (existing != null) {
      return existing.port;
    }
    Listener listener = new Listener(portal, 0);
    listeners.put(portal, listener);
    if (mode != Mode.REFUSE) {
      listener.open();
    } else {
      listener.reserve();
    }
    return listener.port;
  }

  /** Switches every port to the mode; refusing closes the ports and cuts open connections. */
  synchronized void mode(Mode next) throws IOException {
    Mode previous = mode;
    mode = next;
    if (next == Mode.REFUSE) {
      for (Listener l : listeners.values()) {
        l.close();
      }
      cutAll();
    } else if (previous == Mode.REFUSE) {
      for (Listener l : listeners.values()) {
        l.open();
      }
    }
    if (previous == Mode.BLACK_HOLE && next != Mode.BLACK_HOLE) {
      // The held requests never get an answer: their connections end, as a dead route's would.
      cutAll();
    }
  }

  /** Added before each forwarded request. */
  void latency(Duration latency) {
    this.latency = latency;
  }

  /** At most this many forwarded requests per second over all ports (0: no limit); more get 429. */
  void rateLimit(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Every request seen so far, in the order they arrived. */
  List<Exchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  void forget() {
    exchanges.clear();
  }

  @Override
  public synchronized void close() {
    for (Listener l : listeners.values()) {
      l.close();
    }
    cutAll();
  }

  private void cutAll() {
    for (Socket s : List.copyOf(open)) {
      quietly(s);
    }
  }

  private final class Listener {
    final String portal;
    int port;
    volatile ServerSocket socket;

    Listener(String portal, int port) {
      this.portal = portal;
      this.port = port;
    }

    /** Picks a free port without listening on it (the proxy is refusing when it is made). */
    void reserve() throws IOException {
      try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
    }

    void open() throws IOException {
      if (socket != null) {
        return;
      }
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      port = s.getLocalPort();
      socket = s;
      Thread.ofVirtual().name("proxy-accept-" + portal).start(() -> accept(s));
    }

    void close() {
      ServerSocket s = socket;
      socket = null;
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }

    private void accept(ServerSocket s) {
      while (!s.isClosed()) {
        try {
          Socket client = s.accept();
          client.setTcpNoDelay(true);
          open.add(client);
          Thread.ofVirtual().start(() -> serve(portal, client));
        } catch (IOException e) {
          return;
        }
      }
    }
  }

  private void serve(String portal, Socket client) {
    Socket server = null;
    try (client) {
      InputStream fromClient = new BufferedInputStream(client.getInputStream());
      OutputStream toClient = new BufferedOutputStream(client.getOutputStream());
      InputStream fromServer = null;
      OutputStream toServer = null;
      while (true) {
        Message request = Message.read(fromClient, true, null);
        if (request == null) {
          return;
        }
        String[] line = request.startLine().split(" ", 3);
        String method = line[0];
        String path = line.length > 1 ? line[1] : "";
        long at = System.nanoTime();
        Mode now = mode;
        if (now == Mode.PASS && overLimit()) {
          now = Mode.TOO_MANY_REQUESTS;
        }
        switch (now) {
          case REFUSE -> {
            record(portal, at, method, path, 0);
            return;
          }
          case BLACK_HOLE -> {
            record(portal, at, method, path, 0);
            // Held until the client gives up or the proxy cuts the connection.
            while (fromClient.read() >= 0) {
              // the client may send more; none of it is answered
            }
            return;
          }
          case UNAVAILABLE, TOO_MANY_REQUESTS -> {
            int status = now == Mode.UNAVAILABLE ? 503 : 429;
            record(portal, at, method, path, status);
            toClient.write(refusal(status));
            toClient.flush();
            if (request.closes()) {
              return;
            }
          }
          case PASS -> {
            Duration wait = latency;
            if (!wait.isZero()) {
              Thread.sleep(wait);
            }
            if (mode != Mode.PASS) {
              // The fault began while the request waited: it is treated as the fault says.
              record(portal, at, method, path, 0);
              return;
            }
            if (server == null) {
              server = new Socket();
              server.setTcpNoDelay(true);
              server.connect(upstream, 5_000);
              open.add(server);
              fromServer = new BufferedInputStream(server.getInputStream());
              toServer = new BufferedOutputStream(server.getOutputStream());
            }
            request.writeTo(toServer);
            toServer.flush();
            Message response = Message.read(fromServer, false, toClient);
            if (response == null) {
              record(portal, at, method, path, 0);
              return;
            }
            record(portal, at, method, path, response.status());
            toClient.flush();
            if (request.closes() || response.closes()) {
              return;
            }
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // The client or the server went away, or the proxy cut the connection: so does this one.
    } finally {
      open.remove(client);
      if (server != null) {
        open.remove(server);
        quietly(server);
      }
    }
  }

  private boolean overLimit() {
    int limit = perSecond;
    if (limit <= 0) {
      return false;
    }
    long second = System.nanoTime() / 1_000_000_000L;
    synchronized (inWindow) {
      if (windowStart.get() != second) {
        windowStart.set(second);
        inWindow.set(0);
      }
      return inWindow.incrementAndGet() > limit;
    }
  }

  private void record(String portal, long at, String method, String path, int status) {
    exchanges.add(new Exchange(portal, at, method, path, namespaceOf(method, path), status));
  }

  /** The namespace a request is about: the one in its path, or the one a namespace POST makes. */
  static String namespaceOf(String method, String path) {
    Matcher m = NAMESPACE.matcher(path);
    if (m.find()) {
      return m.group(1);
    }
    Matcher n = NAMESPACE_OBJECT.matcher(path);
    return n.matches() && n.group(2) != null ? n.group(2) : "";
  }

  private static byte[] refusal(int status) {
    String reason = status == 503 ? "Service Unavailable" : "Too Many Requests";
    String body =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
            + reason
            + " (fault proxy)\",\"code\":"
            + status
            + "}";
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: application/json\r\nRetry-After: 1\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /**
   * One HTTP/1.1 message: its head, and its body either buffered (requests) or copied through to
   * {@code sink} as it arrives (responses, which may be long).
   */
  record Message(String startLine, Map<String, String> headers, byte[] head, byte[] body) {

    int status() {
      String[] parts = startLine.split(" ", 3);
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    boolean closes() {
      return "close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
    }

    void writeTo(OutputStream out) throws IOException {
      out.write(head);
      out.write(body);
    }

    /**
     * Reads a message; null at a clean end of stream before it begins. A response's head and body
     * are copied to {@code sink} as they are read.
     */
    static Message read(InputStream in, boolean request, OutputStream sink) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      String startLine = line(in, head);
      if (startLine == null) {
        return null;
      }
      Map<String, String> headers = new java.util.HashMap<>();
      while (true) {
        String header = line(in, head);
        if (header == null) {
          throw new EOFException("end of stream in headers");
        }
        if (header.isEmpty()) {
          break;
        }
        int colon = header.indexOf(':');
        if (colon > 0) {
          headers.put(
              header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              header.substring(colon + 1).trim());
        }
      }
      Message shell = new Message(startLine, headers, head.toByteArray(), new byte[0]);
      OutputStream out = sink == null ? new ByteArrayOutputStream() : sink;
      if (sink != null) {
        sink.write(shell.head());
      }
      boolean bodiless =
          !request && (shell.status() / 100 == 1 || shell.status() == 204 || shell.status() == 304);
      if (!bodiless) {
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
          chunked(in, out);
        } else if (headers.containsKey("content-length")) {
          copy(in, out, Long.parseLong(headers.get("content-length")));
        } else if (!request) {
          in.transferTo(out);
          headers.put("connection", "close");
        }
      }
      byte[] body = sink == null ? ((ByteArrayOutputStream) out).toByteArray() : new byte[0];
      return new Message(startLine, headers, shell.head(), body);
    }

    private static void chunked(InputStream in, OutputStream out) throws IOException {
      while (true) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        String size = line(in, raw);
        if (size == null) {
          throw new EOFException("end of stream in chunked body");
        }
        out.write(raw.toByteArray());
        int semicolon = size.indexOf(';');
        long length =
            Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (length == 0) {
          while (true) {
            ByteArrayOutputStream trailer = new ByteArrayOutputStream();
            String t = line(in, trailer);
            out.write(trailer.toByteArray());
            if (t == null || t.isEmpty()) {
              out.flush();
              return;
            }
          }
        }
        copy(in, out, length + 2);
        out.flush();
      }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
      byte[] buffer = new byte[8192];
      long left = n;
      while (left > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          throw new EOFException("end of stream in body");
        }
        out.write(buffer, 0, read);
        left -= read;
      }
    }

    /** A line without its CRLF (raw bytes also go to {@code raw}); null at end of stream first. */
    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      int b;
      boolean any = false;
      while ((b = in.read()) >= 0) {
        any = true;
        raw.write(b);
        if (b == '\n') {
          byte[] bytes = text.toByteArray();
          int end =
              bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }
        text.write(b);
      }
      if (any) {
        throw new EOFException("end of stream in a line");
      }
      return null;
    }
  }
}
