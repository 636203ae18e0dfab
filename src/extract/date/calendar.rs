//! Gregorian calendar arithmetic for validation and relative dates.

pub(super) const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month; February has 29 when the year is unknown.
pub(super) fn days_in_month(month: u32, year: Option<i32>) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_some_and(|y| !is_leap(y)) => 28,
        2 => 29,
        _ => 0,
    }
}

pub(super) fn valid_day(day: u32, month: u32, year: Option<i32>) -> bool {
    (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(month, year)
        && year.map_or(true, |y| YEARS.contains(&y))
}

/// The date `delta` days away (|delta| small: relative words move a day or two).
pub(super) fn shift_days(mut y: i32, mut m: u32, mut d: u32, delta: i32) -> (i32, u32, u32) {
    for _ in 0..delta.unsigned_abs() {
        if delta > 0 {
            if d < days_in_month(m, Some(y)) {
                d += 1;
            } else if m < 12 {
                (m, d) = (m + 1, 1);
            } else {
                (y, m, d) = (y + 1, 1, 1);
            }
        } else if d > 1 {
            d -= 1;
        } else if m > 1 {
            (m, d) = (m - 1, days_in_month(m - 1, Some(y)));
        } else {
            (y, m, d) = (y - 1, 12, 31);
        }
    }
    (y, m, d)
}

/// The month `delta` months away.
pub(super) fn shift_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let index = y * 12 + m as i32 - 1 + delta;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_lengths_and_leap_years() {
        assert!(valid_day(29, 2, Some(2024)));
        assert!(!valid_day(29, 2, Some(2023)));
        assert!(valid_day(29, 2, None));
        assert!(!valid_day(31, 4, None));
        assert!(!valid_day(1, 13, None));
        assert!(!valid_day(1, 1, Some(1800)));
    }

    #[test]
    fn shifts_cross_month_and_year_ends() {
        assert_eq!(shift_days(2024, 3, 1, -1), (2024, 2, 29));
        assert_eq!(shift_days(2024, 12, 31, 1), (2025, 1, 1));
        assert_eq!(shift_days(2025, 1, 1, -1), (2024, 12, 31));
        assert_eq!(shift_months(2025, 1, -1), (2024, 12));
        assert_eq!(shift_months(2024, 12, 1), (2025, 1));
    }
}
