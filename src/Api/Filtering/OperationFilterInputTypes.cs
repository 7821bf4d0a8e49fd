using System.Globalization;
using GraphQL.Types;

namespace SocialEconomy.Api.Filtering;

/// <summary>
/// Conditions on a text field. Equality is exact; the text searches ignore case and accents. Text holding the NUL
/// character (U+0000) is refused while the request is validated (INVALID_VALUE): PostgreSQL cannot take it as a
/// parameter, and no text in the graph holds it, so both stores answer alike.
/// </summary>
public sealed class StringOperationFilterInputType : InputObjectGraphType
{
    public StringOperationFilterInputType()
    {
        Name = "StringOperationFilterInput";
        Description = "Conditions on a text field. eq, neq, in and nin compare exactly; contains, startsWith and endsWith ignore case and accents (\"cafe\" finds \"Café\").";
        Field<StringGraphType>("eq").Description("Equal to this value (exact).").Validate(WithoutNul("eq"));
        Field<StringGraphType>("neq").Description("Not equal to this value (exact).").Validate(WithoutNul("neq"));
        Field<ListGraphType<StringGraphType>>("in").Description("Equal to one of these values (exact).").Validate(WithoutNul("in"));
        Field<ListGraphType<StringGraphType>>("nin").Description("Equal to none of these values (exact).").Validate(WithoutNul("nin"));
        Field<StringGraphType>("contains").Description("Contains this text, ignoring case and accents.").Validate(WithoutNul("contains"));
        Field<StringGraphType>("ncontains").Description("Does not contain this text, ignoring case and accents.").Validate(WithoutNul("ncontains"));
        Field<StringGraphType>("startsWith").Description("Starts with this text, ignoring case and accents.").Validate(WithoutNul("startsWith"));
        Field<StringGraphType>("nstartsWith").Description("Does not start with this text, ignoring case and accents.").Validate(WithoutNul("nstartsWith"));
        Field<StringGraphType>("endsWith").Description("Ends with this text, ignoring case and accents.").Validate(WithoutNul("endsWith"));
        Field<StringGraphType>("nendsWith").Description("Does not end with this text, ignoring case and accents.").Validate(WithoutNul("nendsWith"));
    }

    private static Action<object> WithoutNul(string field) => value =>
    {
        IEnumerable<string> texts = value switch
        {
            string text => [text],
            IEnumerable<object?> items => items.OfType<string>(),
            _ => [],
        };
        if (texts.Any(text => text.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The text in '{field}' holds the NUL character (U+0000), which no text in the graph holds; leave it out.");
        }
    };
}

/// <summary>Conditions on a whole-number field.</summary>
public sealed class IntOperationFilterInputType : InputObjectGraphType
{
    public IntOperationFilterInputType()
    {
        Name = "IntOperationFilterInput";
        Description = "Conditions on a whole-number field.";
        Field<IntGraphType>("eq").Description("Equal to this value.");
        Field<IntGraphType>("neq").Description("Not equal to this value.");
        Field<ListGraphType<IntGraphType>>("in").Description("Equal to one of these values.");
        Field<ListGraphType<IntGraphType>>("nin").Description("Equal to none of these values.");
        Field<IntGraphType>("gt").Description("Greater than this value.");
        Field<IntGraphType>("gte").Description("Greater than or equal to this value.");
        Field<IntGraphType>("lt").Description("Less than this value.");
        Field<IntGraphType>("lte").Description("Less than or equal to this value.");
    }
}

/// <summary>Conditions on a date: earlier is less.</summary>
public sealed class DateOperationFilterInputType : InputObjectGraphType
{
    public DateOperationFilterInputType()
    {
        Name = "DateOperationFilterInput";
        Description = "Conditions on a date (yyyy-MM-dd); earlier dates are less. Records without the date match only neq and nin.";
        Field<DateOnlyGraphType>("eq").Description("On this date.");
        Field<DateOnlyGraphType>("neq").Description("Not on this date.");
        Field<ListGraphType<DateOnlyGraphType>>("in").Description("On one of these dates.");
        Field<ListGraphType<DateOnlyGraphType>>("nin").Description("On none of these dates.");
        Field<DateOnlyGraphType>("gt").Description("After this date.");
        Field<DateOnlyGraphType>("gte").Description("On or after this date.");
        Field<DateOnlyGraphType>("lt").Description("Before this date.");
        Field<DateOnlyGraphType>("lte").Description("On or before this date.");
    }
}

/// <summary>
/// Conditions on an amount. The values are GraphQL Floats and the amounts .NET decimals: a value past the decimal
/// range (about ±7.9e28) is refused while the request is validated, as INVALID_VALUE naming the operator and the
/// range, rather than overflowing when the condition is built.
/// </summary>
public sealed class DecimalOperationFilterInputType : InputObjectGraphType
{
    public DecimalOperationFilterInputType()
    {
        Name = "DecimalOperationFilterInput";
        Description = "Conditions on an amount.";
        Field<FloatGraphType>("eq").Description("Equal to this value.").ParseValue(Amount("eq"));
        Field<FloatGraphType>("neq").Description("Not equal to this value.").ParseValue(Amount("neq"));
        Field<FloatGraphType>("gt").Description("Greater than this value.").ParseValue(Amount("gt"));
        Field<FloatGraphType>("gte").Description("Greater than or equal to this value.").ParseValue(Amount("gte"));
        Field<FloatGraphType>("lt").Description("Less than this value.").ParseValue(Amount("lt"));
        Field<FloatGraphType>("lte").Description("Less than or equal to this value.").ParseValue(Amount("lte"));
    }

    /// <summary>The value as the decimal the store compares amounts with.</summary>
    private static Func<object, object> Amount(string field) => value =>
    {
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        // (double)decimal.MaxValue rounds up past decimal.MaxValue, so the bound is exclusive.
        if (!double.IsFinite(number) || Math.Abs(number) >= (double)decimal.MaxValue)
        {
            throw new ArgumentOutOfRangeException(null,
                $"The amount {number.ToString(CultureInfo.InvariantCulture)} in '{field}' is out of range: amounts lie between {decimal.MinValue} and {decimal.MaxValue}.");
        }

        return (decimal)number;
    };
}

/// <summary>Conditions on an enumerated field.</summary>
public sealed class EnumOperationFilterInputType<TEnumType> : InputObjectGraphType
    where TEnumType : EnumerationGraphType, new()
{
    public EnumOperationFilterInputType()
    {
        var enumName = new TEnumType().Name;
        Name = $"{enumName}OperationFilterInput";
        Description = $"Conditions on a {enumName} field.";
        Field<TEnumType>("eq").Description("Equal to this value.");
        Field<TEnumType>("neq").Description("Not equal to this value.");
        Field<ListGraphType<NonNullGraphType<TEnumType>>>("in").Description("Equal to one of these values.");
        Field<ListGraphType<NonNullGraphType<TEnumType>>>("nin").Description("Equal to none of these values.");
    }
}

/// <summary>Conditions on a list of related things.</summary>
public sealed class ListFilterInputType<TFilterType> : InputObjectGraphType
    where TFilterType : IInputObjectGraphType, new()
{
    public ListFilterInputType()
    {
        var filterName = new TFilterType().Name;
        Name = $"ListFilterInputTypeOf{filterName}";
        Description = "Conditions on a list of related things.";
        Field<TFilterType>("some").Description("At least one related item matches.");
        Field<TFilterType>("all").Description("Every related item matches (true when there are none).");
        Field<TFilterType>("none").Description("No related item matches.");
        Field<BooleanGraphType>("any").Description("true: there is at least one related item; false: there are none.");
    }
}
