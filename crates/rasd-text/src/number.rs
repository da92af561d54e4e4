//! Numbers and quantities in Arabic text. (Stub; being written.)
