package io.elmkit.cli;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.Messages;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Option defaults read from the library's settings records (e.g. {@code ShdAddingTraining.DEFAULTS}),
 * so that each default is defined once, where the library defines it, and picocli shows it as
 * {@code ${DEFAULT-VALUE}}: an option gets the value of the record component named like the option's
 * field. The commands that share option mixins ({@link RunOptions}, {@link ShdTrainOptions}) differ
 * only in these defaults. An option that states its default in words (a computed one, such as "all
 * cores" or "a quarter of --batches-per-epoch") gets none from here.
 */
class RecordDefaults implements IDefaultValueProvider {
    private final Map<String, Object> values = new HashMap<>();

    /** Defaults from the components of {@code records}; the first record naming a component wins. */
    RecordDefaults(Record... records) {
        for (Record r : records) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    values.putIfAbsent(c.getName(), c.getAccessor().invoke(r));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(r.getClass().getName() + "." + c.getName() + ": unreadable", e);
                }
            }
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !(arg.userObject() instanceof Field field)
            || !writtenText(option).contains("${DEFAULT-VALUE}")) {
            return null;
        }
        Object value = values.get(field.getName());
        return value == null ? null : value.toString();
    }

    /**
     * The option's help text as written in its command's resource bundle (HelpTexts.properties, under
     * picocli's key: the descriptionKey, else the longest name without its dashes) or else in its
     * annotation. Not ArgSpec.description(): that expands ${DEFAULT-VALUE} by asking us again.
     */
    static String writtenText(OptionSpec option) {
        Messages messages = option.messages();
        String key = option.descriptionKey().isEmpty() ? option.longestName().replaceFirst("^-+", "") : option.descriptionKey();
        String text = messages == null ? null : messages.getString(key, null);
        if (text == null && option.userObject() instanceof Field field && field.getAnnotation(Option.class) != null) {
            text = String.join(" ", field.getAnnotation(Option.class).description());
        }
        return text == null ? "" : text;
    }
}
