//! One small interface over SQLite and PostgreSQL, so every query of the store is written once.
//!
//! SQL is written for SQLite with `?` / `?N` placeholders; for PostgreSQL they become `$N`. The
//! few statements whose dialects differ ask [`Db::dialect`].

use rusqlite::types::{Value as SqliteValue, ValueRef};

use crate::Result;

/// A value in or out of the database.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Val {
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Val::Text(s) => Some(s.clone()),
            _ => None,
        }
    }

    pub(crate) fn int(&self) -> Option<i64> {
        match self {
            Val::Int(n) => Some(*n),
            _ => None,
        }
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Text(s.to_owned())
    }
}
impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Text(s)
    }
}
impl From<&String> for Val {
    fn from(s: &String) -> Self {
        Val::Text(s.clone())
    }
}
impl From<i64> for Val {
    fn from(n: i64) -> Self {
        Val::Int(n)
    }
}
impl From<f64> for Val {
    fn from(x: f64) -> Self {
        Val::Real(x)
    }
}
impl From<bool> for Val {
    fn from(b: bool) -> Self {
        Val::Int(i64::from(b))
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

/// A row: its values by column.
pub(crate) type Row = Vec<Val>;

/// Which SQL dialect a connection speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection or a transaction.
pub(crate) trait Db {
    fn dialect(&self) -> Dialect;
    /// Runs a statement; returns the rows it changed.
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64>;
    /// Runs a query; returns every row.
    fn rows(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>>;
    /// Runs a query; returns the first row.
    fn row(&mut self, sql: &str, params: &[Val]) -> Result<Option<Row>> {
        Ok(self.rows(sql, params)?.into_iter().next())
    }
    /// The first column of the first row.
    fn value(&mut self, sql: &str, params: &[Val]) -> Result<Option<Val>> {
        Ok(self.row(sql, params)?.and_then(|r| r.into_iter().next()))
    }
}

/// SQLite through rusqlite (a `Transaction` derefs to its `Connection`).
pub(crate) struct Sqlite<'c>(pub(crate) &'c rusqlite::Connection);

impl Db for Sqlite<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let mut statement = self.0.prepare_cached(sql)?;
        let n = statement.execute(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
        Ok(n as u64)
    }

    fn rows(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let mut statement = self.0.prepare_cached(sql)?;
        let n = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(match row.get_ref(i)? {
                    ValueRef::Null => Val::Null,
                    ValueRef::Integer(v) => Val::Int(v),
                    ValueRef::Real(v) => Val::Real(v),
                    ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Val::Text(String::from_utf8_lossy(b).into_owned()),
                });
            }
            out.push(values);
        }
        Ok(out)
    }
}

fn to_sqlite(v: &Val) -> SqliteValue {
    match v {
        Val::Null => SqliteValue::Null,
        Val::Int(n) => SqliteValue::Integer(*n),
        Val::Real(x) => SqliteValue::Real(*x),
        Val::Text(s) => SqliteValue::Text(s.clone()),
    }
}

pub(crate) mod pg {
    //! PostgreSQL through the `postgres` crate.

    use std::error::Error as StdError;

    use postgres::types::{to_sql_checked, IsNull, ToSql, Type};

    use super::{Db, Dialect, Row, Val};
    use crate::Result;

    impl ToSql for Val {
        fn to_sql(
            &self,
            ty: &Type,
            out: &mut postgres::types::private::BytesMut,
        ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
            match self {
                Val::Null => Ok(IsNull::Yes),
                Val::Int(n) if *ty == Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Val::Int(n) if *ty == Type::BOOL => (*n != 0).to_sql(ty, out),
                Val::Int(n) if *ty == Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                Val::Int(n) => n.to_sql(ty, out),
                Val::Real(x) => x.to_sql(ty, out),
                Val::Text(s) => s.as_str().to_sql(ty, out),
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        to_sql_checked!();
    }

    /// `?N` and `?` placeholders to `$N`.
    pub(crate) fn placeholders(sql: &str) -> String {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut next = 0;
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '?' {
                out.push(c);
                continue;
            }
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            if digits.is_empty() {
                next += 1;
                digits = next.to_string();
            }
            out.push('$');
            out.push_str(&digits);
        }
        out
    }

    fn read(row: &postgres::Row) -> Result<Row> {
        let mut values = Vec::with_capacity(row.len());
        for (i, column) in row.columns().iter().enumerate() {
            let ty = column.type_();
            let v = if *ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i)?
                    .map_or(Val::Null, Val::Int)
            } else if *ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)?
                    .map_or(Val::Null, |n| Val::Int(i64::from(n)))
            } else if *ty == Type::INT2 {
                row.try_get::<_, Option<i16>>(i)?
                    .map_or(Val::Null, |n| Val::Int(i64::from(n)))
            } else if *ty == Type::BOOL {
                row.try_get::<_, Option<bool>>(i)?
                    .map_or(Val::Null, |b| Val::Int(i64::from(b)))
            } else if *ty == Type::FLOAT8 {
                row.try_get::<_, Option<f64>>(i)?
                    .map_or(Val::Null, Val::Real)
            } else if *ty == Type::FLOAT4 {
                row.try_get::<_, Option<f32>>(i)?
                    .map_or(Val::Null, |x| Val::Real(f64::from(x)))
            } else {
                row.try_get::<_, Option<String>>(i)?
                    .map_or(Val::Null, Val::Text)
            };
            values.push(v);
        }
        Ok(values)
    }

    fn refs(params: &[Val]) -> Vec<&(dyn ToSql + Sync)> {
        params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
    }

    /// A client or a transaction.
    pub(crate) struct Postgres<'c, C: postgres::GenericClient>(pub(crate) &'c mut C);

    impl<C: postgres::GenericClient> Db for Postgres<'_, C> {
        fn dialect(&self) -> Dialect {
            Dialect::Postgres
        }

        fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
            Ok(self.0.execute(placeholders(sql).as_str(), &refs(params))?)
        }

        fn rows(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
            let rows = self.0.query(placeholders(sql).as_str(), &refs(params))?;
            rows.iter().map(read).collect()
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn placeholders_are_numbered() {
            assert_eq!(
                super::placeholders("a = ?1 AND b = ?2 OR c = ?1"),
                "a = $1 AND b = $2 OR c = $1"
            );
            assert_eq!(super::placeholders("a = ? AND b = ?"), "a = $1 AND b = $2");
        }
    }
}
