//! The input formats of the targets: HTTP-like replies and `name\nrest` records.
//!
//! A reply is written as a status line, header lines, a blank line and the body:
//!
//! ```text
//! 429
//! retry-after: 5
//! content-type: application/json
//!
//! {"error":429,"errorCode":"RATE_LIMITED"}
//! ```
//!
//! A status that is not a number from 100 to 999, or a header line `http` refuses, does not
//! make the input useless: the reply is read as well as it can be (status 200, the line
//! skipped), so that the fuzzer's mutations of one part do not hide the others.

/// Separates the replies of one script (see [`split_replies`]).
pub const REPLY_SEPARATOR: &[u8] = b"\n~~~\n";

/// What a script gives as a transport failure instead of a reply: no answer at all.
pub const TRANSPORT_ERROR: &[u8] = b"!reset";

/// The first line of `data` as text, and the bytes after it.
pub fn first_line(data: &[u8]) -> (String, &[u8]) {
    let (line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    (String::from_utf8_lossy(line).into_owned(), rest)
}

/// Reads one reply (status line, headers, blank line, body).
pub fn reply(data: &[u8]) -> http::Response<Vec<u8>> {
    let (status_line, mut rest) = first_line(data);
    let status = status_line
        .trim()
        .parse::<u16>()
        .ok()
        .and_then(|s| http::StatusCode::from_u16(s).ok())
        .unwrap_or(http::StatusCode::OK);
    let mut headers = http::HeaderMap::new();
    while !rest.is_empty() {
        let (line, after) = first_line(rest);
        rest = after;
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = http::HeaderName::from_bytes(name.trim().as_bytes());
            let value = http::HeaderValue::from_str(value.trim());
            if let (Ok(name), Ok(value)) = (name, value) {
                headers.append(name, value);
            }
        }
    }
    let mut response = http::Response::new(rest.to_vec());
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// Writes a reply in the form [`reply`] reads.
pub fn write_reply(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{status}\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\n").as_bytes());
    }
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// The replies of a script, in order.
pub fn split_replies(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let data = rest?;
        match find(data, REPLY_SEPARATOR) {
            Some(i) => {
                rest = Some(&data[i + REPLY_SEPARATOR.len()..]);
                Some(&data[..i])
            }
            None => {
                rest = None;
                Some(data)
            }
        }
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads one JSON value, optionally followed by a second (`{"a":1} {"b":2}`); `None` if the
/// text is not such a pair.
pub fn json_pair(data: &[u8]) -> Option<(serde_json::Value, Option<serde_json::Value>)> {
    let mut stream = serde_json::Deserializer::from_slice(data).into_iter::<serde_json::Value>();
    let first = stream.next()?.ok()?;
    let second = stream.next().transpose().ok()?;
    Some((first, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_reply_reads_back() {
        let bytes = write_reply(429, &[("retry-after", "5")], b"{\n}");
        let r = reply(&bytes);
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "5");
        assert_eq!(r.body(), b"{\n}");
    }

    #[test]
    fn replies_split_on_the_separator() {
        let script = b"200\n\na\n~~~\n!reset\n~~~\n404\n\n";
        let parts: Vec<&[u8]> = split_replies(script).collect();
        assert_eq!(parts, [&b"200\n\na"[..], b"!reset", b"404\n\n"]);
    }
}
