import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { installFetchStub } from './fetchMock';

installFetchStub();

// jsdom has no <dialog> behaviour; the app falls back to the open attribute, which is enough here.
afterEach(() => cleanup());
