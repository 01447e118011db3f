export interface LogCapture {
	/** Every log call since capture started: "level: message {meta}". */
	lines: string[];
	restore(): void;
}

export function captureLogs(): LogCapture;
