package io.bulwark.examples;

import io.bulwark.validation.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/orders}.
 *
 * @param item what is ordered: plain text, 1 to 100 characters
 * @param quantity how many: 1 to 1000
 */
public record NewOrder(
        @NotNull @Size(min = 1, max = 100) @PlainText String item,
        @NotNull @Min(1) @Max(1000) Integer quantity) {
}
