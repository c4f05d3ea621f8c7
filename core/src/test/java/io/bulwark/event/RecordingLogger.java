package io.bulwark.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

/** A real SLF4J logger that keeps each line's level and key-value pairs, for asserting on them. */
final class RecordingLogger extends LegacyAbstractLogger implements LoggingEventAware {

    /** One line as written. */
    record Line(Level level, String message, Map<String, Object> keyValues) {
    }

    final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Level threshold;

    RecordingLogger(Level threshold) {
        this.name = "recording";
        this.threshold = threshold;
    }

    @Override
    public void log(LoggingEvent event) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                pairs.put(pair.key, pair.value);
            }
        }
        lines.add(new Line(event.getLevel(), event.getMessage(), pairs));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
            Throwable throwable) {
        lines.add(new Line(level, message, Map.of()));
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }
}
