// A link between pages of the app: a real <a href> (middle-click, copy link and open-in-new-tab work), but
// a plain click changes the page without a reload.
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../app/url-state.ts';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

export function Link({ href, onClick, ...rest }: Props) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target === '_blank'
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
