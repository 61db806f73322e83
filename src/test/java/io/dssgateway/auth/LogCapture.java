package io.dssgateway.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log line (DEBUG and up) of the whole application while a test runs. */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger auth = (Logger) LoggerFactory.getLogger("io.dssgateway.auth");
  private final Level previous = auth.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
    auth.setLevel(Level.DEBUG);
  }

  /** Every captured line: formatted message plus stack trace text. */
  public List<String> lines() {
    synchronized (appender) { // AppenderBase.doAppend adds under the appender's lock
      return appender.list.stream()
          .map(
              e ->
                  e.getFormattedMessage()
                      + (e.getThrowableProxy() == null
                          ? ""
                          : ThrowableProxyUtil.asString(e.getThrowableProxy())))
          .collect(Collectors.toList());
    }
  }

  /** The captured lines that carry a stack trace. */
  public List<String> stackTraces() {
    synchronized (appender) { // AppenderBase.doAppend adds under the appender's lock
      return appender.list.stream()
          .filter(e -> e.getThrowableProxy() != null)
          .map(e -> e.getFormattedMessage() + ThrowableProxyUtil.asString(e.getThrowableProxy()))
          .collect(Collectors.toList());
    }
  }

  /** The captured lines at {@code level} or above, each as "LEVEL logger: message". */
  public List<String> linesAtLeast(Level level) {
    synchronized (appender) { // AppenderBase.doAppend adds under the appender's lock
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(level))
          .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
          .collect(Collectors.toList());
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    auth.setLevel(previous);
  }
}
