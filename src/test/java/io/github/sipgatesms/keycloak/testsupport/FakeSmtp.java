package io.github.sipgatesms.keycloak.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal SMTP server on a random loopback port that accepts every mail and keeps it (recipient and raw text). */
public final class FakeSmtp implements AutoCloseable {

    /** One accepted mail. */
    public record Mail(String recipient, String data) {
    }

    private final ServerSocket server;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();

    private FakeSmtp(ServerSocket server) {
        this.server = server;
        Thread thread = new Thread(this::serve, "fake-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    public static FakeSmtp start() {
        try {
            return new FakeSmtp(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake SMTP server", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    /**
     * The first link whose path contains {@code pathPart} (e.g. {@code /login-actions/action-token}) in a mail to
     * {@code recipient}, waiting up to 10 s for it (Keycloak sends after its answer); quoted-printable and base64 parts
     * are decoded first.
     */
    public String awaitLink(String recipient, String pathPart) {
        Pattern url = Pattern.compile("https?://[^\\s\"<>]*" + Pattern.quote(pathPart) + "[^\\s\"<>]*");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (Mail mail : mails) {
                if (mail.recipient() != null && mail.recipient().contains(recipient)) {
                    Matcher link = url.matcher(readable(mail.data()));
                    if (link.find()) {
                        return link.group().replace("&amp;", "&");
                    }
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("no mail to " + recipient + " with a link to " + pathPart + " within 10 s");
    }

    /** A mail's text with quoted-printable soft breaks and escapes undone, and base64 parts decoded. */
    private static String readable(String data) {
        StringBuilder text = new StringBuilder(data.replace("=\r\n", "").replace("=\n", "").replace("=3D", "="));
        Matcher base64 = Pattern.compile("Content-Transfer-Encoding: base64\\s+([A-Za-z0-9+/=\\s]+)").matcher(data);
        while (base64.find()) {
            text.append('\n').append(new String(Base64.getMimeDecoder().decode(base64.group(1)), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** Forgets the mails received so far (each test starts empty). */
    public void clear() {
        mails.clear();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                converse(socket);
            } catch (IOException e) {
                // closed, or a client that went away
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        reply(out, "220 fake-smtp ready");
        String recipient = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 fake-smtp");
            } else if (command.startsWith("RCPT TO:")) {
                recipient = line.substring(8).replaceAll("[<>\\s]", "");
                reply(out, "250 OK");
            } else if (command.startsWith("DATA")) {
                reply(out, "354 go ahead");
                StringBuilder data = new StringBuilder();
                for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
                    data.append(body).append('\n');
                }
                mails.add(new Mail(recipient, data.toString()));
                reply(out, "250 OK");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 OK");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
