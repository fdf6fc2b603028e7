import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/app.tsx';
import { AuthGate } from './app/auth-gate.tsx';
import { ApiError } from './api/client.ts';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx is the request's fault and will not heal by asking again; network blips and 5xx might.
      retry: (failures, error) => {
        if (
          error instanceof ApiError &&
          (error.code === 'bad_response' || (error.status >= 400 && error.status < 500))
        )
          return false;
        return failures < 2;
      },
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AuthGate>
        <App />
      </AuthGate>
    </QueryClientProvider>
  </StrictMode>,
);
